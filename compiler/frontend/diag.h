/* Diagnostics moved to compiler/util/diag.h (issue 20: the grammar, below
 * the front end, uses them too). This forward keeps branches written
 * against the old path building; include util/diag.h in new code. */
#include "util/diag.h"
