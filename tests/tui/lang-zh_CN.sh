#!/bin/bash
# Every screen of the terminal UI in Simplified Chinese: golden screens (tests/tui/langs.sh).
L=zh_CN
. "$top_srcdir/tests/tui/langs.sh"
