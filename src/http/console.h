/*
 * console.h - serving the web console (web/dist, built by vite) beside the API.
 */
#ifndef JC_CONSOLE_H
#define JC_CONSOLE_H

typedef struct st_h2o_hostconf_t h2o_hostconf_t;

/* Registers the console's paths on host when web_root is a directory holding index.html:
 * /assets/ (files with hashed names: cached for a year, compressed) and every other path
 * outside /api, which answers index.html so that the console's own links (/org/12) load it.
 * Returns 0 when registered, -1 when there is no console to serve. */
int console_register(h2o_hostconf_t *host, const char *web_root);

#endif
