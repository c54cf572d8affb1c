/*
 * The mailblock host <-> plugin boundary: a small C ABI.
 *
 * A plugin library exports exactly one symbol, MAILBLOCK_ENTRY_SYMBOL. The host calls it with its own
 * ABI major version and reads abi_major/abi_minor of the returned table BEFORE anything else: when the
 * majors differ, nothing else in the table may be touched and the plugin is refused.
 *
 * Values cross the boundary as UTF-8 JSON text in the "wire form" (see sdk/include/mailblock/sdk/json.hpp):
 * plain JSON, except a secret is {"$secret":"..."} and an object is {"$object":{...}}. No C++ type,
 * exception or allocator crosses it. Strings handed over are borrowed: the receiver copies what it keeps.
 *
 * Threads: a host calls run() of one block at a time per context; mb_host_api functions may only be
 * called from the thread that is inside run() for that context.
 *
 * Versions. abi_major changes only when a member changes its meaning or place (it never has). Every addition
 * is appended to the end of its table and bumps MAILBLOCK_ABI_MINOR, and a reader touches a member only when
 * the table's struct_size covers it (MAILBLOCK_HAS below): a plugin may meet an older host and a host an
 * older plugin, and each falls back to what the older side offers. The host gives its version to the plugin
 * in mb_host_api (host_abi_major/minor, since 1.2; a shorter table is an older host). History:
 *   1.0  mb_host_api up to progress; mb_plugin up to shutdown.
 *   1.1  mb_plugin.data_json; mb_host_api.block_id and output_linked. (Builds that still said 1.0 already had
 *        these two: the minor alone never proves a member is there, struct_size does.)
 *   1.2  mb_host_api.host_abi_major, host_abi_minor and run_scope; mb_plugin.end_run_scope (run scopes).
 *   1.3  mb_plugin.command_count and commands (commands a person types after "rpa", mb_command).
 *   1.4  mb_host_api.variable (the diagram's variables by name, e.g. for a block's template).
 *   1.5  mb_host_api.output_wanted (whether anything reads an output: a mailing's rows need none made).
 *   1.6  mb_host_api.input_text (a text input without the wire form's JSON to decode).
 *
 * Run scopes (since 1.2). A run scope is one diagram run as the host sees it: `rpa run` opens one per run
 * (one per row with --each); a long-lived host (rpa serve) opens one per incoming message and ends it when that
 * message is done or has been idle too long. Every block execution belongs to one scope (run_scope()); a
 * plugin may keep things for a scope (handles to secrets one block passes to a later one, files holding big
 * messages) and drops them in end_run_scope(). Scope ids are never 0 and never reused in one host process. A
 * host older than 1.2 has no scopes: the plugin then keeps such things until shutdown().
 *
 * This header compiles as C and as C++.
 */
#ifndef MAILBLOCK_ABI_H
#define MAILBLOCK_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAILBLOCK_ABI_MAJOR 1u
#define MAILBLOCK_ABI_MINOR 6u
#define MAILBLOCK_ENTRY_SYMBOL "mailblock_plugin_entry"

#if defined(_WIN32)
#define MAILBLOCK_EXPORT __declspec(dllexport)
#else
#define MAILBLOCK_EXPORT __attribute__((visibility("default")))
#endif

/* Non-zero when `table` (a pointer to a struct of `type` with struct_size) is long enough to hold `member`.
 * Check it before reading any member added after 1.0, and check the function pointer for NULL too. */
#define MAILBLOCK_HAS(table, type, member) ((table)->struct_size >= offsetof(type, member) + sizeof((table)->member))

/* Message levels a block can log at (the host drops what the resolved level does not show). */
enum mb_log_level { MB_LOG_DEBUG = 1, MB_LOG_DETAILED = 2, MB_LOG_WARNING = 3 };

/* Resolved levels as the host hands them to a block (never "Default": the host resolves that). */
enum mb_error_level { MB_ERRORS_STOP = 0, MB_ERRORS_IGNORE = 1, MB_ERRORS_HANDLE = 2 };
enum mb_message_level { MB_MESSAGES_RELEASE = 0, MB_MESSAGES_DEBUG = 1, MB_MESSAGES_DETAILED = 2 };

/* Opaque to plugins: one block execution inside the host. */
typedef struct mb_run_context mb_run_context;

/* What the host offers a running block. struct_size first so the table can grow in minor versions. */
typedef struct mb_host_api {
    uint32_t struct_size;
    /* Input value of a port in wire form, or NULL when the port has no value. Borrowed until run() returns. */
    const char* (*input)(mb_run_context* ctx, const char* port_id);
    /* Sets an output port from a wire-form value. Returns 0 on success, non-zero for an unknown port or bad JSON. */
    int (*set_output)(mb_run_context* ctx, const char* port_id, const char* value_json);
    /* Reports the failure of this run as a JSON object: kind, message, hint, stage, code, enhanced, server_text. */
    void (*set_error)(mb_run_context* ctx, const char* error_json);
    /* Logs one line at a level; the host filters by the resolved message level and masks known secrets. */
    void (*log)(mb_run_context* ctx, int level, const char* utf8_line);
    int (*error_level)(mb_run_context* ctx);
    int (*message_level)(mb_run_context* ctx);
    /* Non-zero once the host wants the block to stop as soon as it safely can. */
    int (*cancelled)(mb_run_context* ctx);
    /* Language for human texts, "ru" or "en". Borrowed, static for the run. */
    const char* (*language)(mb_run_context* ctx);
    /* Progress of long work: done and total in the block's unit (bytes for sends); total 0 = unknown. */
    void (*progress)(mb_run_context* ctx, uint64_t done, uint64_t total);
    /* The id of this block in its diagram (for logs). Borrowed, static for the run. */
    const char* (*block_id)(mb_run_context* ctx);
    /* Non-zero when a later block reads this output port: a block may skip costly work for an unread output. */
    int (*output_linked)(mb_run_context* ctx, const char* port_id);

    /* ---- Since ABI 1.2: the host's version and run scopes (read only when MAILBLOCK_HAS says so). ---- */
    /* The ABI version the host was built with (its minor says which members it knows). */
    uint32_t host_abi_major;
    uint32_t host_abi_minor;
    /* The run scope this block execution belongs to (see "Run scopes" above); never 0. */
    uint64_t (*run_scope)(mb_run_context* ctx);

    /* ---- Since ABI 1.4 (read only when MAILBLOCK_HAS says so). ---- */
    /* The value of the diagram's variable `name` in wire form (its declared value, overridden by the host's own
     * means: rpa's --var, a CSV row's column with --each), or NULL when the diagram has no such variable.
     * Borrowed until run() returns. */
    const char* (*variable)(mb_run_context* ctx, const char* name);

    /* ---- Since ABI 1.5 (read only when MAILBLOCK_HAS says so). ---- */
    /* Non-zero when anything reads this output port: a later block (output_linked) or the host's report of the run.
     * Zero when nothing does (the rows of a mailing, which only count outcomes): the block may leave the port unset
     * and skip the work of making its value. */
    int (*output_wanted)(mb_run_context* ctx, const char* port_id);

    /* ---- Since ABI 1.6 (read only when MAILBLOCK_HAS says so). ---- */
    /* The text of an input port whose value is text, with no JSON to decode (a mailing reads the same message body
     * every row): sets *text (UTF-8, not NUL-terminated, borrowed until run() returns) and *size, and returns 1.
     * Returns 0 when the port has no value, and -1 when its value is not plain text (a number, a list, a secret, an
     * object): read that one with input(). */
    int (*input_text)(mb_run_context* ctx, const char* port_id, const char** text, size_t* size);
} mb_host_api;

/* One block kind. All fields are static constant data owned by the plugin. */
typedef struct mb_block_factory {
    uint32_t struct_size;
    const char* id;              /* e.g. "mail.send" */
    const char* descriptor_json; /* the block's description (ports, types, titles); see sdk/descriptor.hpp */
    /* Runs the block once. Returns 0 on success, non-zero after set_error(). Never throws. */
    int (*run)(const mb_host_api* host, mb_run_context* ctx);
} mb_block_factory;

/* The table a plugin returns. abi_major and abi_minor are the only fields a host may read before it has
 * checked that abi_major equals its own. */
typedef struct mb_plugin {
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t struct_size;
    const char* plugin_id;
    const char* plugin_version;
    uint32_t block_count;
    const mb_block_factory* blocks; /* array of block_count entries */
    /* Called once before the library is unloaded: close pooled connections. May be NULL. Never throws. */
    void (*shutdown)(void);
    /* Since ABI 1.1 (read it only when struct_size covers it): plugin-wide data an editor may offer, as a
     * plain-form JSON object (mailblock's: {"providers": ...}, the mail provider presets). May be NULL. */
    const char* data_json;

    /* ---- Since ABI 1.2: run scopes (read only when MAILBLOCK_HAS says so). ---- */
    /* The host ends a run scope: no block of it is running or will run again, so the plugin drops what it kept
     * for it (secret handles, spool files). Called once per scope for every plugin that ran a block in it (a
     * plugin ignores a scope it does not know). Any thread, never during run() of a block of that scope; may
     * overlap blocks of other scopes. May be NULL. Never throws. */
    void (*end_run_scope)(uint64_t scope);

    /* ---- Since ABI 1.3: plugin commands (read only when MAILBLOCK_HAS says so: a plugin built before has a
     * shorter table). Named commands a person types after "rpa" (mailblock's "check-smtp", "autoconfig", "oauth"), so the
     * generic host carries no code of any one plugin's domain. ---- */
    uint32_t command_count;
    const struct mb_command* commands; /* array of command_count entries; static data owned by the plugin */
} mb_plugin;

/* Opaque to plugins: the host's side of one command run. */
typedef struct mb_command_io mb_command_io;

/* What the host offers a running command. Called only from the thread that is inside mb_command.run(). */
typedef struct mb_command_host {
    uint32_t struct_size;
    /* Writes UTF-8 text to the host's standard output (stream 1) or error output (stream 2). */
    void (*write)(mb_command_io* io, int stream, const char* utf8_text);
    /* Runs a diagram (JSON text in the diagram file format) with the loaded plugins and reports it as `rpa run`
     * does (as JSON when json_output is non-zero). Returns rpa run's exit status: 0 completed, 1 stopped by an
     * error, 2 invalid diagram (the problems are written to the error stream), 3 another failure. */
    int (*run_diagram)(mb_command_io* io, const char* diagram_json, int json_output);
} mb_command_host;

/* One command. All fields are static constant data owned by the plugin. */
typedef struct mb_command {
    uint32_t struct_size;
    const char* name;  /* the word after "rpa", e.g. "check-smtp" */
    const char* usage; /* "rpa NAME ..." usage lines for `rpa help`, UTF-8, each ending in a newline; continuation
                        * lines indented to follow a 7-character prefix ("usage: ") */
    /* Runs the command with the words that follow its name (borrowed for the call). Returns the exit status:
     * 0 done, 1 failed, 3 usage error. Never throws. */
    int (*run)(const mb_command_host* host, mb_command_io* io, uint32_t argc, const char* const* argv);
} mb_command;

/* The one exported symbol. Returns the plugin's static table (never freed by the caller), or NULL if the
 * plugin refuses a host of that ABI major. */
typedef const mb_plugin* (*mb_plugin_entry_fn)(uint32_t host_abi_major);

#ifdef __cplusplus
}
#endif

#endif /* MAILBLOCK_ABI_H */
