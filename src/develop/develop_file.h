/*
 * develop_file.h - a person's recruitment file as a printable PDF, for the archive (§1.7): the
 * person, then every step with its date, who acted, the decision and what it rests on, the
 * deadlines with the rule behind each, and lines for the signatures of the paper file.
 */
#ifndef JC_DEVELOP_FILE_H
#define JC_DEVELOP_FILE_H

#include <stdint.h>

#include "base/err.h"

struct db;

/* Writes case id's file to path (sensitive fields masked). */
enum jc_err develop_file_pdf(struct db *db, int64_t id, const char *path, struct jc_error *err);

#endif
