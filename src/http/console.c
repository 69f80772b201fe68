/*
 * console.c - the web console's files. vite names every asset after its content, so /assets/ is
 * cached for a year and gzip-compressed on the way out; index.html is never cached, so a new
 * build reaches the browser at the next load. The console routes in the browser (history mode):
 * any other path answers index.html, and the console shows its own "not found" page.
 * Every answer carries the same Content-Security-Policy: scripts and styles from this origin
 * only (Element Plus sets inline styles), images also as data: URLs (the TOTP QR code, chart
 * exports), no frames.
 */
#include "http/console.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include <h2o.h>

static char index_path[PATH_MAX];

static h2o_headers_command_t *security_headers(void)
{
	static h2o_iovec_t names[] = { { H2O_STRLIT("content-security-policy") },
				       { H2O_STRLIT("x-content-type-options") },
				       { H2O_STRLIT("referrer-policy") } };
	static h2o_headers_command_t cmds[] = {
		{ H2O_HEADERS_CMD_SET, &names[0],
		  { H2O_STRLIT("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
			       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'") } },
		{ H2O_HEADERS_CMD_SET, &names[1], { H2O_STRLIT("nosniff") } },
		{ H2O_HEADERS_CMD_SET, &names[2], { H2O_STRLIT("no-referrer") } },
		{ H2O_HEADERS_CMD_NULL, NULL, { NULL, 0 } },
	};
	return cmds;
}

static void cache_for(h2o_pathconf_t *path, const char *value, size_t len)
{
	static h2o_iovec_t name = { H2O_STRLIT("cache-control") };
	h2o_headers_command_t *cmds = h2o_mem_alloc(2 * sizeof(*cmds));
	cmds[0] = (h2o_headers_command_t){ H2O_HEADERS_CMD_SET, &name, { (char *)value, len } };
	cmds[1] = (h2o_headers_command_t){ H2O_HEADERS_CMD_NULL, NULL, { NULL, 0 } };
	h2o_headers_register(path, cmds);
}

static int on_page(h2o_handler_t *self, h2o_req_t *req)
{
	(void)self;
	if (!h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) &&
	    !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))
		return -1; /* h2o answers 405/404 */
	return h2o_file_send(req, 200, "OK", index_path, h2o_iovec_init(H2O_STRLIT("text/html; charset=utf-8")), 0);
}

int console_register(h2o_hostconf_t *host, const char *web_root)
{
	struct stat st;
	char assets[PATH_MAX];
	if (!web_root || snprintf(index_path, sizeof(index_path), "%s/index.html", web_root) >= (int)sizeof(index_path) ||
	    snprintf(assets, sizeof(assets), "%s/assets", web_root) >= (int)sizeof(assets) ||
	    stat(index_path, &st) || !S_ISREG(st.st_mode))
		return -1;

	h2o_pathconf_t *files = h2o_config_register_path(host, "/assets", 0);
	h2o_headers_register(files, security_headers());
	cache_for(files, H2O_STRLIT("public, max-age=31536000, immutable"));
	h2o_compress_args_t gzip = { .min_size = 1024, .gzip = { .quality = 6 }, .brotli = { .quality = -1 } };
	h2o_compress_register(files, &gzip);
	h2o_file_register(files, assets, NULL, NULL, 0);

	h2o_pathconf_t *pages = h2o_config_register_path(host, "/", 0);
	h2o_headers_register(pages, security_headers());
	cache_for(pages, H2O_STRLIT("no-cache"));
	h2o_create_handler(pages, sizeof(h2o_handler_t))->on_req = on_page;
	return 0;
}
