#!/bin/bash
# Every screen of the terminal UI in Traditional Chinese: golden screens (tests/tui/langs.sh).
L=zh_TW
. "$top_srcdir/tests/tui/langs.sh"
