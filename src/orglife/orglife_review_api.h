/* orglife_review_api.h - HTTP handlers of the branch's yearly review (appraisal, talks, the life
 * meeting's lists), for the route table. */
#ifndef JC_ORGLIFE_REVIEW_API_H
#define JC_ORGLIFE_REVIEW_API_H

#include "base/err.h"

struct request;

enum jc_err orglife_api_appraisal_open(struct request *r);
enum jc_err orglife_api_appraisal_list(struct request *r);
enum jc_err orglife_api_appraisal_get(struct request *r);
enum jc_err orglife_api_appraisal_self(struct request *r);
enum jc_err orglife_api_appraisal_peer(struct request *r);
enum jc_err orglife_api_appraisal_votes(struct request *r);
enum jc_err orglife_api_appraisal_results(struct request *r);
enum jc_err orglife_api_member_appraisals(struct request *r);
enum jc_err orglife_api_talk_record(struct request *r);
enum jc_err orglife_api_talk_page(struct request *r);
enum jc_err orglife_api_talk_coverage(struct request *r);
enum jc_err orglife_api_item_record(struct request *r);
enum jc_err orglife_api_meeting_items(struct request *r);
enum jc_err orglife_api_item_done(struct request *r);
enum jc_err orglife_api_life_items(struct request *r);

#endif
