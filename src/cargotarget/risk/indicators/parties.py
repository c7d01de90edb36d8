"""Indicators on the parties as filed: who they are, how they relate, where they can be found."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context, folded, key
from cargotarget.risk.indicators.names import LEGAL_FORMS, has_phrase, words

_LEGAL_WORDS = tuple(form for form in LEGAL_FORMS if " " not in form)


def forwarder_consignee(ctx: Context) -> pl.Expr:
    """The consignee's name is that of a freight forwarder, NVOCC or logistics company
    (LOGISTICS, FREIGHT, FORWARDING, SHIPPING, CARGO, EXPRESS), not of the real buyer of the
    goods, who then stays hidden."""
    return has_phrase(folded("consignee_name"), ctx.config.forwarder_terms)


def _distinctive_words(name: str, ctx: Context) -> pl.Expr:
    generic = [*_LEGAL_WORDS, *ctx.config.business_words, *ctx.config.forwarder_terms]
    word = pl.element()
    distinctive = (word.str.len_chars() >= 3) & ~word.is_in(generic)
    return words(folded(name)).list.eval(word.filter(distinctive))


def notify_unrelated(ctx: Context) -> pl.Expr:
    """A notify party is named that is not the consignee and shares no distinctive word of
    its name with the consignee: someone other than the named buyer waits for the goods.
    Unknown when no consignee is named."""
    notify, consignee = key("notify_name"), key("consignee_name")
    same_as = has_phrase(folded("notify_name"), ctx.config.same_as_consignee)
    shared = _distinctive_words("notify_name", ctx).list.set_intersection(
        _distinctive_words("consignee_name", ctx)
    )
    related = (notify == consignee) | (shared.list.len() > 0)
    return (
        pl.when(notify.is_null() | same_as)
        .then(pl.lit(False))
        .when(consignee.is_null())
        .then(pl.lit(None, dtype=pl.Boolean))
        .otherwise(~related)
    )


def individual_consignee(ctx: Context) -> pl.Expr:
    """The consignee looks like a private person rather than a company: a title such as MR or
    MRS, or two to four plain words with no legal form (LTD, S.A.) and no business word
    (TRADING, IMPORTS, STORE). Goods for a private person at a commercial scale, or delivered
    to a residence, deserve a look."""
    config = ctx.config
    name_words = words(folded("consignee_name"))
    business = [*_LEGAL_WORDS, *config.business_words, *config.forwarder_terms]
    titled = name_words.list.first().is_in(list(config.personal_titles))
    plain = name_words.list.eval(pl.element().str.contains(r"^\p{L}+$")).list.all()
    businesslike = name_words.list.eval(pl.element().is_in(business)).list.any()
    person = name_words.list.len().is_between(2, 4) & plain & ~businesslike
    return pl.when(key("consignee_name").is_not_null()).then(titled.fill_null(False) | person)


def trade_parties_differ(ctx: Context) -> pl.Expr:
    """A buyer is named who is not the consignee, or a seller who is not the shipper: the
    parties to the sale differ from the parties to the transport, as in triangular trade or
    when the real owner of the goods is kept out of the manifest."""
    buyer, seller = key("buyer_name"), key("seller_name")
    return (buyer.is_not_null() & buyer.ne_missing(key("consignee_name"))) | (
        seller.is_not_null() & seller.ne_missing(key("shipper_name"))
    )


def trusted_trader(ctx: Context) -> pl.Expr:
    """The shipper or the consignee carries a trusted-trader identifier (AEO, C-TPAT or a
    similar programme): its security has been audited, which lowers the risk of the bill."""
    element = pl.element()
    scheme = element.str.split(":").list.first().str.replace_all(r"[^A-Z0-9]", "")
    trusted = scheme.is_in(list(ctx.config.trusted_trader_schemes)) | element.str.contains(
        r":[A-Z]{2}AEO[CSF]"
    )
    return pl.col("trader_identifiers").list.eval(trusted).list.any().fill_null(False)


def po_box_address(ctx: Context) -> pl.Expr:
    """The shipper's or the consignee's address is a post-office box (PO BOX, APARTADO,
    POSTFACH): there are no premises to visit, and the party is hard to trace."""
    terms = ctx.config.po_box_terms
    return has_phrase(folded("shipper_street"), terms) | has_phrase(
        folded("consignee_street"), terms
    )


def incomplete_address(ctx: Context) -> pl.Expr:
    """The consignee's address lacks a street (or is too short to be one), a city or a
    country: the receiver of the goods cannot be located. Unknown when no consignee is
    named."""
    street = folded("consignee_street").str.replace_all(" ", "").str.len_chars().fill_null(0)
    lacking = (
        (street < ctx.config.min_address_characters)
        | folded("consignee_city").is_null()
        | pl.col("consignee_country").is_null()
    )
    return pl.when(key("consignee_name").is_not_null()).then(lacking)
