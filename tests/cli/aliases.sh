#!/bin/bash
# The environment's aliases (issue 10, point 4): each name alone, and the
# precedence table of doc/credentials.md row by row.  The table is read
# from the document itself, so a row added there is a case here (and a
# row of a setting this script does not know fails).
. "$top_srcdir/tests/cli/lib.sh"

LINKROLE_WRAP="timeout -k 5 60 ${LINKROLE_WRAP-}"
DOC=$top_srcdir/doc/credentials.md

start_sim --credentials-uri
CONFIG=$HOME/.aliyun/config.json
mkdir -p "$HOME/.aliyun"

# STS keys for the token row, from the simulator's credentials URI.
port=${SIM_URL##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /credentials HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
sts_json=$(sed '1,/^\r$/d' <&3)
exec 3<&-
STS_AK=$(printf '%s' "$sts_json" | jq -r .AccessKeyId)
STS_SECRET=$(printf '%s' "$sts_json" | jq -r .AccessKeySecret)
STS_TOKEN=$(printf '%s' "$sts_json" | jq -r .SecurityToken)
remember_secret "$STS_SECRET"
remember_secret "$STS_TOKEN"
WRONG_SECRET=alias-wrong-secret-Jd93kLq
WRONG_TOKEN=alias-wrong-token-Zr61pXe
remember_secret "$WRONG_SECRET"
remember_secret "$WRONG_TOKEN"

# Profiles p1..p4 for the profile row, each of the owner's key.
{
    printf '{\n\t"current": "",\n\t"profiles": ['
    for i in 1 2 3 4; do
        [ "$i" -gt 1 ] && printf ','
        printf '\n\t\t{"name": "p%s", "mode": "AK", "access_key_id": "%s", "access_key_secret": "%s"}' \
            "$i" "$TEST_AK" "$TEST_SECRET"
    done
    printf '\n\t]\n}\n'
} >"$CONFIG"
chmod 600 "$CONFIG"

# The table: the rows after the marker comment, header and rule skipped.
# Each row becomes "setting|NAME1 NAME2 ..." (the names in backquotes).
table=$(awk '
    /tests\/cli\/aliases.sh reads this table/ { on = 1; n = 0; next }
    on && /^\|/ {
        n++
        if (n <= 2) next
        split($0, cell, "|")
        key = cell[2]; gsub(/^ +| +$/, "", key)
        names = ""
        for (i = 3; i < length(cell); i++)
            if (match(cell[i], /`[A-Z_]+`/))
                names = names " " substr(cell[i], RSTART + 1, RLENGTH - 2)
        print key "|" substr(names, 2)
        next
    }
    on && n > 0 { exit }' "$DOC")
check "the table is in doc/credentials.md" test -n "$table"

# The names of one setting, for the pairing of the key id and secret.
row_names() { printf '%s\n' "$table" | awk -F'|' -v k="$1" '$1 == k { print $2 }'; }
read -r -a ID_NAMES <<<"$(row_names "access key id")"
read -r -a SECRET_NAMES <<<"$(row_names "access key secret")"

ALL_NAMES=$(printf '%s\n' "$table" | cut -d'|' -f2 | tr '\n' ' ')
clear_all() { local v; for v in $ALL_NAMES; do unset "$v"; done; }

# with NAME=VALUE... -- ARGS: run with exactly these of the table's names.
with() {
    clear_all
    # shellcheck disable=SC2163 # NAME=VALUE: export it as such
    while [ "$1" != -- ]; do export "$1"; shift; done
    shift
    run "$@"
    clear_all
}

field() { printf '%s' "$out" | jq -r ".$1"; }

# One setting's row: each name alone, then each name over every later one.
# $1 the setting, $2... its names, in order.
case_row() {
    local key=$1 i j n
    shift
    local names=("$@")
    for i in "${!names[@]}"; do
        n=${names[$i]}
        local alone=() over=()
        local later=("${names[@]:$((i + 1))}")
        case $key in
        "access key id")
            # Alone: with the secret of its own column (or the first).
            local sn=${SECRET_NAMES[$i]:-${SECRET_NAMES[0]}}
            alone=("$n=$TEST_AK" "$sn=$TEST_SECRET")
            over=("$n=$TEST_AK" "ALIBABA_CLOUD_ACCESS_KEY_SECRET=$TEST_SECRET")
            for j in "${later[@]}"; do over+=("$j=$USER_AK"); done
            want_src="environment ($n)"
            ;;
        "access key secret")
            local idn=${ID_NAMES[$i]:-${ID_NAMES[0]}}
            alone=("$idn=$TEST_AK" "$n=$TEST_SECRET")
            over=("ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK" "$n=$TEST_SECRET")
            for j in "${later[@]}"; do over+=("$j=$WRONG_SECRET"); done
            want_src=
            ;;
        "security token")
            alone=("ALIBABA_CLOUD_ACCESS_KEY_ID=$STS_AK"
                   "ALIBABA_CLOUD_ACCESS_KEY_SECRET=$STS_SECRET"
                   "$n=$STS_TOKEN")
            over=("${alone[@]}")
            for j in "${later[@]}"; do over+=("$j=$WRONG_TOKEN"); done
            want_src="environment (ALIBABA_CLOUD_ACCESS_KEY_ID, $n)"
            ;;
        region)
            alone=("ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK"
                   "ALIBABA_CLOUD_ACCESS_KEY_SECRET=$TEST_SECRET"
                   "$n=eu-west-$((i + 1))")
            over=("${alone[@]}")
            for j in "${!later[@]}"; do
                over+=("${later[$j]}=ap-south-$((j + 1))")
            done
            want_src=
            ;;
        profile)
            alone=("$n=p$((i + 1))")
            over=("${alone[@]}")
            # The later names name the last profile, p4.
            for j in "${!later[@]}"; do over+=("${later[$j]}=p4"); done
            want_src="profile \"p$((i + 1))\" (AK) in ~/.aliyun/config.json"
            ;;
        *)
            not_ok "doc/credentials.md: a row this test does not know: $key"
            return
            ;;
        esac
        with "${alone[@]}" -- whoami --output json
        check "$key: $n alone works" test "$rc" -eq 0
        [ -n "$want_src" ] && check "$key: $n alone is named in whoami" \
            test "$(field Source)" = "$want_src"
        [ "$key" = region ] && check "$key: $n alone gives the region" \
            test "$(field Region)" = "eu-west-$((i + 1))"
        [ ${#later[@]} -eq 0 ] && continue
        with "${over[@]}" -- whoami --output json
        check "$key: $n wins over ${later[*]}" test "$rc" -eq 0
        [ -n "$want_src" ] && check "$key: $n over the later names is named in whoami" \
            test "$(field Source)" = "$want_src"
        [ "$key" = region ] && check "$key: $n's region over the later names'" \
            test "$(field Region)" = "eu-west-$((i + 1))"
    done
}

while IFS='|' read -r key names; do
    [ -n "$key" ] || continue
    # shellcheck disable=SC2086
    case_row "$key" $names
done <<EOF
$table
EOF

# The rows the issue asks for are all there.
for key in "access key id" "access key secret" "security token" region profile; do
    check "the table has a row for $key" test -n "$(row_names "$key")"
done
check "Terraform's names are in the table" \
    eval 'contains "$ALL_NAMES" ALICLOUD_ACCESS_KEY && contains "$ALL_NAMES" ALICLOUD_SECRET_KEY && contains "$ALL_NAMES" ALICLOUD_REGION'

done_testing
