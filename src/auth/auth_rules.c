/*
 * auth_rules.c - the roles and their permissions (a table), the password policy, and the scope
 * decision. Pure: no I/O.
 */
#include "auth/auth.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const staff[] = { "org.read", "org.write", "org.move", "stats.read", "rules.read",
				     "rules.write", "member.read", "member.write", "member.export",
				     "member.reveal", "member.identity", "develop.read", "develop.write",
				     "develop.approve", "orglife.read", "orglife.write", "orglife.inspect", "dues.read",
				     "dues.write", "dues.approve", "transfer.read", "transfer.write", "transfer.approve",
				     "mobile.read", "mobile.write", "mobile.approve", NULL };
static const char *const secretary[] = { "org.read", "org.write", "stats.read", "rules.read", "member.read",
					 "member.write", "member.export", "member.reveal", "member.identity",
					 "develop.read", "develop.write", "orglife.read", "orglife.write", "dues.read", "dues.write",
					 "transfer.read", "transfer.write", "mobile.read", "mobile.write", NULL };
static const char *const organiser[] = { "org.read", "stats.read", "rules.read", "member.read",
					 "member.write", "member.export", "develop.read", "develop.write",
					 "orglife.read", "orglife.write", "dues.read", "dues.write", "transfer.read",
					 "transfer.write", "mobile.read", "mobile.write", NULL };
static const char *const discipline[] = { "org.read", "stats.read", "rules.read", "member.read", "develop.read",
					  "orglife.read", "transfer.read", "mobile.read", NULL };
static const char *const member[] = { "self.read", NULL };
static const char *const sysadmin[] = { "account.manage", NULL };
static const char *const secadmin[] = { "role.grant", "account.unlock", "keys.rotate", NULL };
static const char *const auditadmin[] = { "audit.read", NULL };

const struct auth_role auth_roles[] = {
	{ "org_staff", "组织部门干部", "organisation-department staff", false, true, staff },
	{ "secretary", "书记", "secretary", false, true, secretary },
	{ "organiser", "组织委员", "organising member", false, true, organiser },
	{ "discipline", "纪检委员", "discipline commissioner", false, true, discipline },
	{ "member", "党员", "member (own record)", false, false, member },
	{ "sysadmin", "系统管理员", "system administrator", true, true, sysadmin },
	{ "secadmin", "安全管理员", "security administrator", true, true, secadmin },
	{ "auditadmin", "审计管理员", "audit administrator", true, true, auditadmin },
};
const size_t auth_roles_count = sizeof(auth_roles) / sizeof(auth_roles[0]);

const struct auth_role *auth_role_find(const char *key)
{
	for (size_t i = 0; key && i < auth_roles_count; i++)
		if (!strcmp(auth_roles[i].key, key))
			return &auth_roles[i];
	return NULL;
}

bool auth_roles_conflict(const struct auth_role *a, const struct auth_role *b)
{
	if (a == b)
		return false;
	return a->admin || b->admin; /* administrators hold one role only */
}

/* A short list of the passwords people choose most; the policy refuses them in any case. */
static const char *const common[] = {
	"password123", "password1234", "1234567890", "12345678910", "qwertyuiop", "1qaz2wsx3edc",
	"1q2w3e4r5t", "a1234567890", "abc1234567", "admin12345", "administrator", "woaini1314",
	"woaini520", "p@ssw0rd123", "passw0rd123", "qwer1234567", "iloveyou12", "aa123456789",
	"zxcvbnm123", "123456789a", "123456789abc", "Aa123456789", "Admin@1234", "Admin@12345",
	"P@ssw0rd123", "Abc@1234567", "Qwer@123456", "Jiceng@1234",
};

enum jc_err auth_password_acceptable(const char *password, int min_len, const char *field,
				     struct jc_error *err)
{
	size_t n = strlen(password);
	if (n < (size_t)min_len)
		return jc_fail(err, JC_EINVAL, field, "auth.password_min_length",
			       "the password must have at least %d characters", min_len);
	if (n > 128)
		return jc_fail(err, JC_EINVAL, field, NULL, "the password must have at most 128 characters");
	int lower = 0, upper = 0, digit = 0, other = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (islower(*p))
			lower = 1;
		else if (isupper(*p))
			upper = 1;
		else if (isdigit(*p))
			digit = 1;
		else
			other = 1;
	}
	if (lower + upper + digit + other < 3)
		return jc_fail(err, JC_EINVAL, field, NULL,
			       "the password must mix 3 of: lowercase, uppercase, digits, other characters");
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (!strcasecmp(password, common[i]))
			return jc_fail(err, JC_EINVAL, field, NULL, "the password is too common");
	return JC_OK;
}

static bool has_permission(const struct auth_role *r, const char *permission)
{
	for (const char *const *p = r->permissions; *p; p++)
		if (!strcmp(*p, permission))
			return true;
	return false;
}

int auth_scope_roots(const struct auth_principal *p, const char *permission, int64_t *out, int max)
{
	int n = 0;
	for (int i = 0; i < p->ngrants; i++) {
		const struct auth_grant *g = &p->grants[i];
		if (!has_permission(g->role, permission))
			continue;
		if (!g->path[0])
			return -1;
		bool covered = false; /* by a grant above it, or by an earlier grant on the same place */
		for (int k = 0; k < p->ngrants && !covered; k++) {
			const struct auth_grant *o = &p->grants[k];
			size_t len = strlen(o->path);
			covered = k != i && o->path[0] && has_permission(o->role, permission) &&
				  !strncmp(g->path, o->path, len) && (strlen(g->path) > len || k < i);
		}
		if (!covered && n < max)
			out[n++] = g->org_id;
	}
	return n;
}

bool auth_allows(const struct auth_principal *p, const char *permission, const char *path)
{
	for (int i = 0; i < p->ngrants; i++) {
		const struct auth_grant *g = &p->grants[i];
		if (!has_permission(g->role, permission))
			continue;
		if (!path || !g->path[0] || !strncmp(path, g->path, strlen(g->path)))
			return true;
	}
	return false;
}
