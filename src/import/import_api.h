/* import_api.h - HTTP handlers of imports (a file as the request body) and their progress. */
#ifndef JC_IMPORT_API_H
#define JC_IMPORT_API_H

#include "base/err.h"

struct request;

enum jc_err import_api_start(struct request *r);
enum jc_err import_api_progress(struct request *r);

#endif
