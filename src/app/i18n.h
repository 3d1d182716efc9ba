/* i18n — the one marker of text meant for people.
 *
 * Every sentence a person reads (labels, messages, hints, help) is
 * written inside _() where it is used, or N_() where it is only named
 * (a table of strings translated later, at the point of use), and plural
 * sentences go through _n(singular, plural, n).  xgettext finds them by
 * these names.  Only app/, cli/, tui/ and main.c word things: core/ and
 * cloud/ return codes and fields.  Until the message catalogues exist
 * the markers are the text itself. */
#ifndef LINKROLE_I18N_H
#define LINKROLE_I18N_H

#define _(s) (s)
#define N_(s) s
#define _n(singular, plural, n) ((n) == 1 ? (singular) : (plural))

#endif
