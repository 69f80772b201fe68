/* cli_serve.c - `jiceng init` and `jiceng serve`. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "db/db.h"
#include "http/server.h"

int cli_init(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	struct db *db = cli_open(path, true);
	if (!db)
		return 1;
	db_close(db);
	printf("jiceng: database ready at %s\n", path);
	return 0;
}

int cli_serve(int argc, char **argv)
{
	struct server_config cfg = { 0 };
	cfg.db_path = cli_db_path(&argc, argv);
	cfg.host = cli_option(&argc, argv, "--host");
	const char *port = cli_option(&argc, argv, "--port");
	const char *loops = cli_option(&argc, argv, "--loops");
	cfg.web_root = cli_option(&argc, argv, "--web");
	cfg.tls_cert = cli_option(&argc, argv, "--tls-cert");
	cfg.tls_key = cli_option(&argc, argv, "--tls-key");
	cfg.faults = cli_flag(&argc, argv, "--faults");
	if (argc > 1) {
		fprintf(stderr, "jiceng: serve: unexpected '%s'\n", argv[1]);
		return 2;
	}
	if (!cfg.host)
		cfg.host = "127.0.0.1";
	if (!cfg.web_root)
		cfg.web_root = "web/dist";
	cfg.port = port ? atoi(port) : 8080;
	cfg.loops = loops ? atoi(loops) : 0;
	if (cfg.port <= 0 || cfg.port > 65535) {
		fprintf(stderr, "jiceng: serve: --port must be 1-65535\n");
		return 2;
	}
	/* Bring the schema and rules up to date once, before the loops open their connections. */
	struct db *db = cli_open(cfg.db_path, false);
	if (!db)
		return 1;
	db_close(db);
	return server_run(&cfg);
}

int cli_backup(int argc, char **argv)
{
	const char *path = cli_db_path(&argc, argv);
	if (argc != 2) {
		fprintf(stderr, "usage: jiceng backup FILE [--db PATH]\n");
		return 2;
	}
	struct db *db = cli_open(path, false);
	if (!db)
		return 1;
	struct jc_error err = { 0 };
	enum jc_err e = db_backup(db, argv[1], &err);
	db_close(db);
	if (e) {
		cli_print_error(&err);
		return 1;
	}
	printf("jiceng: backed up %s to %s\n", path, argv[1]);
	return 0;
}
