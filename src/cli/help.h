/* help — each command's help text (linkrole help COMMAND), N_() texts
 * the caller translates; commands.c puts them in its table.  The
 * general usage, the DBS guide's and help's own stay in commands.c. */
#ifndef LINKROLE_CLI_HELP_H
#define LINKROLE_CLI_HELP_H

extern const char help_services[];
extern const char help_create[];
extern const char help_get[];
extern const char help_delete[];
extern const char help_list[];
extern const char help_roles[];
extern const char help_dbs_init[];
extern const char help_export[];
extern const char help_whoami[];
extern const char help_reset[];
extern const char help_completion[];
extern const char help_complete[];
extern const char help_log[];
extern const char help_rollout[];

#endif
