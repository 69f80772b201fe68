/*
 * server.h - the HTTP server: one h2o event loop per core, each on its own SO_REUSEPORT socket
 * with its own database connection, serving the API (/api/) and the web console's static files.
 */
#ifndef JC_SERVER_H
#define JC_SERVER_H

struct server_config {
	const char *db_path;
	const char *host; /* "127.0.0.1" */
	int port;
	int loops;        /* event loops (threads); 0 = one per core */
	const char *web_root; /* static files served at /, or NULL */
	const char *tls_cert, *tls_key; /* PEM files: HTTPS only (TLS 1.2+) with HSTS, or NULL */
	int faults;       /* requests may inject database faults (tests only: router_enable_faults) */
};

/* Serves until SIGINT or SIGTERM; returns the process exit status. */
int server_run(const struct server_config *cfg);

#endif
