/* cli_export.c - `jiceng export members ORG`: member_export() to a file. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"
#include "member/member.h"

int cli_export(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	const char *format = cli_option(&argc, argv, "--format");
	const char *out = cli_option(&argc, argv, "--out");
	bool reveal = cli_flag(&argc, argv, "--reveal");
	if (!format)
		format = "csv";
	if (argc != 3 || strcmp(argv[1], "members") || (strcmp(format, "csv") && strcmp(format, "xlsx"))) {
		fprintf(stderr, "usage: jiceng export members ORG [--format csv|xlsx] [--out FILE] [--reveal]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	int64_t org = cli_org(db, argv[2]);
	char default_out[128];
	if (!out) {
		snprintf(default_out, sizeof(default_out), "members-%s.%s", argv[2], format);
		out = default_out;
	}
	int status = 1;
	long rows = 0;
	struct jc_error err = { 0 };
	if (org) {
		enum jc_err e = member_export(db, org, strcmp(format, "xlsx") ? EXPORT_CSV : EXPORT_XLSX, reveal, out,
					      &rows, &err);
		char detail[160];
		snprintf(detail, sizeof(detail), "%ld members of %s%s", rows, argv[2], reveal ? ", revealed" : ", masked");
		struct audit_event ev = { cli_actor(), "operator", "cli", "export", out, e ? "failed" : "ok", detail };
		if (!e)
			e = audit_append(db, &ev, &err);
		if (e) {
			cli_print_error(&err);
		} else {
			printf("jiceng: exported %ld members to %s%s\n", rows, out,
			       reveal ? "" : " (sensitive fields masked)");
			status = 0;
		}
	}
	db_close(db);
	return status;
}
