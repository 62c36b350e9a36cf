"""The rules of the places' reference records: public bodies' NHS ODS codes.

Plain functions of plain values: the model's clean(), the services and the imports call these.
"""

from __future__ import annotations

import re

# NHS Organisation Data Service codes: a primary care network's is U and five digits (U12345), a GP
# practice's a letter and five digits (M85001); other bodies' are three to six letters and digits.
ODS_CODE = r"^[A-Z0-9]{3,6}$"
ODS = "An NHS ODS code is 3 to 6 capital letters and digits, like U12345 for a primary care network."
ODS_FOR_KIND = {"primary_care_network": r"^U[0-9]{5}$", "gp_practice": r"^[A-Z][0-9]{5}$"}
ODS_KIND = {
    "primary_care_network": "A primary care network's ODS code is U and five digits, like U12345.",
    "gp_practice": "A GP practice's ODS code is a letter and five digits, like M85001.",
}


def body_errors(*, kind: str, ods_code: str) -> dict[str, str]:
    if not ods_code:
        return {}
    if not re.match(ODS_CODE, ods_code):
        return {"ods_code": ODS}
    pattern = ODS_FOR_KIND.get(kind)
    if pattern and not re.match(pattern, ods_code):
        return {"ods_code": ODS_KIND[kind]}
    return {}
