/*
 * cli.h - the `jiceng` command: one file per group of subcommands, one table in main.c.
 * Each subcommand gets argc/argv after its name and returns the process exit status
 * (0 ok, 1 failure, 2 usage).
 */
#ifndef JC_CLI_H
#define JC_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct db;

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *summary;
};

/* The database path: --db PATH, else $JICENG_DB, else var/jiceng.db. Removes --db from argv. */
const char *cli_db_path(int *argc, char **argv);
/* A "--name value" option, removed from argv when present; NULL when absent. */
const char *cli_option(int *argc, char **argv, const char *name);
/* A "--flag" option, removed from argv when present. */
bool cli_flag(int *argc, char **argv, const char *name);
/* Opens the database (creating it when create), brings the schema and the rule table up to date.
 * Prints the error and returns NULL on failure. */
struct db *cli_open(const char *path, bool create);
/* An organisation given by code or id (a code wins); 0 after printing an error. */
int64_t cli_org(struct db *db, const char *arg);
/* Prints "jiceng: <message>" with the field and rule when the error has them. */
void cli_print_error(const struct jc_error *err);
/* Who acts from the command line: "cli:<login name>". */
const char *cli_actor(void);

/* The demo's organisational life (cli_demo_orglife.c), inside cli_demo's transaction; -1 with
 * err set on failure. */
struct gen_rng;
struct actor;
int demo_orglife(struct db *db, const struct actor *who, struct gen_rng *rng, int today, struct jc_error *err);
/* The demo's Party dues in the secretary's branch (cli_demo_dues.c), likewise. */
int demo_dues(struct db *db, const struct actor *who, int today, struct jc_error *err);
/* The demo's transfers, members away and out of contact (cli_demo_transfer.c), likewise. */
int demo_transfer(struct db *db, const struct actor *who, int today, struct jc_error *err);

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_account(int argc, char **argv);
int cli_otp(int argc, char **argv);
int cli_keygen(int argc, char **argv);
int cli_keys(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_calendar(int argc, char **argv);
int cli_develop(int argc, char **argv);
int cli_orglife(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_dues(int argc, char **argv);
int cli_transfer(int argc, char **argv);

#endif
