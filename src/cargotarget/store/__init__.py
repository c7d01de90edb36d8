"""Storage: tables, migrations, the raw-message archive and the repositories."""

# Every table module registers on the shared metadata when the package is imported, so that
# migrations, schema checks and test clean-up always see the whole schema.
from cargotarget.store import assessment_tables as assessment_tables
from cargotarget.store import case_tables as case_tables
from cargotarget.store import model_tables as model_tables
from cargotarget.store import notice_tables as notice_tables
from cargotarget.store import provider_tables as provider_tables
from cargotarget.store import security_tables as security_tables
from cargotarget.store import session_tables as session_tables
from cargotarget.store import tables as tables
from cargotarget.store import watchlist_proposal_tables as watchlist_proposal_tables
from cargotarget.store import workbench_indexes as workbench_indexes
