/* main.c - the `jiceng` command: dispatches to the subcommand table. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct cli_command commands[] = {
	{ "init", cli_init, "init [--db PATH]", "create an empty database" },
	{ "serve", cli_serve, "serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--loops N] [--web DIR] [--tls-cert PEM --tls-key PEM] [--faults]",
	  "serve the API and the console" },
	{ "demo", cli_demo, "demo [--db PATH] [--members-per-branch N]",
	  "create a demo database: the real tree of Jiangmen with generated members" },
	{ "gen", cli_gen, "gen --scale F [--db PATH] [--orgs-only]",
	  "generate benchmark data: the real national tree plus grassroots organisations and members" },
	{ "import", cli_import, "import orgs|members FILE [--skip-bad] [--errors FILE]",
	  "import CSV or XLSX; any bad row stops the import unless --skip-bad" },
	{ "export", cli_export, "export members ORG [--format csv|xlsx] [--out FILE]",
	  "export the members of an organisation's subtree" },
	{ "stats", cli_stats, "stats ORG [--year Y] | stats verify [--fix]",
	  "statistics of a subtree; or recount everything and compare" },
	{ "rules", cli_rules, "rules list [ORG] [--date YYYY-MM-DD]",
	  "the rules in force and where each value comes from" },
	{ "calendar", cli_calendar,
	  "calendar list YEAR | set DAY holiday|workday NAME [--source TEXT] | clear DAY | year YEAR --source TEXT | add DAY N",
	  "the working-day calendar: holidays, adjusted workdays, configured years; deadlines in working days" },
	{ "develop", cli_develop, "develop due ORG [--within DAYS] [--json] | develop list ORG [--stage S] [--json]",
	  "recruitment: what is due or overdue in a subtree, and its cases" },
	{ "orglife", cli_orglife, "orglife compliance ORG --period P [--out FILE.csv] | summary ORG --period P | rebuild",
	  "organisational life: every branch of a subtree judged on a period (CSV), the kept summary, or recount it" },
	{ "dues", cli_dues, "dues quote --category C --base YUAN [--org ORG] | dues arrears ORG | dues reconcile ORG [--year Y]",
	  "Party dues: the monthly amount with its rules, members unpaid for months in a row, a subtree's year reconciled" },
	{ "transfer", cli_transfer, "transfer list ORG [--state open|expired|stuck|S] [--direction out|in] [--json] | lost-contact ORG",
	  "transfers of a subtree (expired and stuck ones with their rules); members out of contact listed for decision" },
	{ "backup", cli_backup, "backup FILE [--db PATH]", "online backup of the database, while it serves" },
	{ "restore", cli_restore, "restore BACKUP --db PATH [--key KEYFILE]", "a backup into a new database, then checked" },
	{ "check", cli_check, "check [--db PATH]",
	  "integrity, statistics and organisational-life summaries against a recount, the audit chain" },
	{ "account", cli_account, "account add LOGIN --password P [--role R --org ORG] | grant LOGIN ROLE [ORG] | unlock LOGIN",
	  "accounts and roles, as the system's operator" },
	{ "otp", cli_otp, "otp LOGIN", "the current second-factor code of an account (demo databases only)" },
	{ "keygen", cli_keygen, "keygen FILE", "write a new master key (64 hex digits, mode 0600)" },
	{ "keys", cli_keys, "keys rotate", "a new data key; reseal every sealed value while serving" },
	{ "audit", cli_audit, "audit verify | audit list [--limit N] [--before ID] [--event PREFIX]",
	  "check the audit chain, or read it, newest first" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: jiceng COMMAND [ARGS]\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-60s %s\n", commands[i].usage, commands[i].summary);
	fprintf(out, "\nORG is an organisation id or code. The database defaults to $JICENG_DB or var/jiceng.db.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "jiceng: no command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
