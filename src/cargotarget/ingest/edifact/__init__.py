"""UN/EDIFACT: a streaming tokenizer, and the CUSCAR customs cargo report read and written."""
