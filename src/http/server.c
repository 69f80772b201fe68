/*
 * server.c - h2o event loops, one per core (the pattern of h2o's examples/libh2o): each thread
 * binds its own SO_REUSEPORT listener, owns an h2o context and a database connection, and runs
 * until the main thread, waiting for SIGINT/SIGTERM, sets `stopping`.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <h2o.h>
#include <jansson.h>
#include <openssl/ssl.h>

#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "db/db.h"
#include "http/console.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/worker.h"

struct loop {
	pthread_t thread;
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	struct worker_inbox *inbox;
	struct db *db;
	int fd;
};

static h2o_globalconf_t config;
static volatile sig_atomic_t stopping;
static SSL_CTX *tls; /* NULL: plain HTTP (loopback, or behind a TLS-terminating proxy) */

static int on_api(h2o_handler_t *self, h2o_req_t *req)
{
	(void)self;
	struct loop *l = (struct loop *)((char *)req->conn->ctx - offsetof(struct loop, ctx));
	router_handle(l->db, l->inbox, req);
	return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	if (err)
		return;
	struct loop *l = listener->data;
	h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
	if (sock)
		h2o_accept(&l->accept_ctx, sock);
}

static int listen_on(const char *host, int port)
{
	struct sockaddr_in addr = { 0 };
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		log_error("server: '%s' is not an IPv4 address", host);
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, SOMAXCONN)) {
		log_error("server: cannot listen on %s:%d: %s", host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void *run_loop(void *arg)
{
	struct loop *l = arg;
	h2o_context_init(&l->ctx, h2o_evloop_create(), &config);
	l->accept_ctx.ctx = &l->ctx;
	l->accept_ctx.hosts = config.hosts;
	l->accept_ctx.ssl_ctx = tls;
	l->inbox = worker_inbox_new(&l->ctx);
	h2o_socket_t *sock = h2o_evloop_socket_create(l->ctx.loop, l->fd, H2O_SOCKET_FLAG_DONT_READ);
	sock->data = l;
	h2o_socket_read_start(sock, on_accept);
	while (!stopping)
		h2o_evloop_run(l->ctx.loop, 200);
	h2o_socket_read_stop(sock);
	h2o_socket_close(sock);
	worker_inbox_free(l->inbox);
	return NULL;
}

static void register_routes(const char *web_root)
{
	h2o_config_init(&config);
	config.max_request_entity_size = routes_max_body(); /* each route's own limit is the router's */
	h2o_hostconf_t *host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	h2o_pathconf_t *api = h2o_config_register_path(host, "/api", 0);
	h2o_handler_t *h = h2o_create_handler(api, sizeof(*h));
	h->on_req = on_api;
	console_register(host, web_root);
}

static int setup_tls(const char *cert, const char *key)
{
	tls = SSL_CTX_new(TLS_server_method());
	if (!tls || !SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION) ||
	    SSL_CTX_use_certificate_chain_file(tls, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(tls, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(tls) != 1) {
		log_error("server: cannot use the certificate '%s' with the key '%s'", cert, key);
		return -1;
	}
	SSL_CTX_set_options(tls, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	h2o_ssl_register_alpn_protocols(tls, h2o_http2_alpn_protocols);
	return 0;
}

int server_run(const struct server_config *cfg)
{
	int n = cfg->loops > 0 ? cfg->loops : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	json_object_seed(0); /* before any thread makes a JSON object (jansson's hash seed) */
	register_routes(cfg->web_root);
	if (cfg->faults) {
		log_warn("server: --faults: requests may make database calls fail (x-jiceng-fault); for tests only");
		router_enable_faults();
	}
	if (cfg->tls_cert && setup_tls(cfg->tls_cert, cfg->tls_key ? cfg->tls_key : cfg->tls_cert))
		return 1;
	struct loop *loops = xcalloc((size_t)n, sizeof(*loops));
	int status = 0, started = 0;
	struct jc_error werr = { 0 };
	if (worker_pool_start(cfg->db_path, 1, &werr)) {
		log_error("server: %s", werr.message);
		free(loops);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct jc_error err = { 0 };
		if (db_open(cfg->db_path, 0, &loops[i].db, &err)) {
			log_error("server: %s", err.message);
			status = 1;
			break;
		}
		if ((loops[i].fd = listen_on(cfg->host, cfg->port)) < 0) {
			db_close(loops[i].db);
			status = 1;
			break;
		}
		pthread_create(&loops[i].thread, NULL, run_loop, &loops[i]);
		started++;
	}
	if (!status) {
		printf("jiceng: serving %s on %s://%s:%d/ (%d event loops)\n", cfg->db_path, tls ? "https" : "http",
		       cfg->host, cfg->port, n);
		fflush(stdout);
		int sig;
		sigwait(&set, &sig);
		log_info("server: signal %d, stopping", sig);
	}
	worker_pool_stop(); /* first: finished jobs still find their event loop running */
	stopping = 1;
	for (int i = 0; i < started; i++) {
		pthread_join(loops[i].thread, NULL);
		db_close(loops[i].db);
	}
	free(loops);
	return status;
}
