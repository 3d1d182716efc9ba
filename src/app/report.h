/* report — how a message reaches the person at the terminal, outside
 * the UI: one line on stderr, "linkrole: <message>", after whatever
 * stdout holds, so the two never interleave, and made safe (scrub_text:
 * no control byte, no secret in use) whatever it quotes.  Both front
 * ends use it (the UI before it starts and after it ends). */
#ifndef LINKROLE_REPORT_H
#define LINKROLE_REPORT_H

void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
