# tui-walk.sh — sourced by english.sh: the terminal UI's screens walked
# headless (tui FLOW "ARGS" < SCRIPT, each ":dump @NAME" a screen scanned),
# on the demo account, then against linkrole-sim for the failures.
# shellcheck shell=bash

# The keys that make PolarDB's role (no suffix) from the picker.
MAKE=':wait
polar<Enter>
:wait
<Tab><Tab><Enter>
:wait'

fresh_demo
tui picker --demo <<'K'
:wait
:dump @picker
polar
:wait
:dump @picker-search
<F1>
:dump @help-search
<Esc>
<Esc>
<Esc>
?
:dump @help-list
K
fresh_demo
tui form --demo <<'K'
:wait
polar<Enter>
:wait
:dump @form
abc_x
:wait
:dump @form-problem
<F1>
:wait
:dump @help-form
K
fresh_demo
tui result --demo <<K
$MAKE
:dump @result
c
:dump @result-copied
?
:dump @help-result
<Esc>
s
:dump @save-prompt
<F1>
:dump @help-save-prompt
<Esc>
<Enter>
:wait
:dump @result-saved
K
fresh_demo
tui equivalents --demo <<'K'
:wait
polar<Enter>
Example<Tab>团队<Tab><Enter>
:wait
t
:wait
:dump @equiv-terraform
<Tab>
:wait
:dump @equiv-aliyun
?
:dump @help-equiv
<Esc>
s
<Enter>
:wait
:dump @equiv-saved
K
fresh_demo
tui delete --demo <<K
$MAKE
d
:dump @delete-ask
?
:dump @help-delete
<Esc>
y
:wait
:timer
:dump @delete-progress
:timer
:dump @delete-done
K
fresh_demo
tui delete-stopped --demo <<K
$MAKE
d
y
:wait
<Esc>
:dump @delete-stopped
K
# The role exists: the picker marks it, Enter opens it, n makes another.
fresh_demo
setup --demo create --service polardb.aliyuncs.com
tui exists --demo <<'K'
:wait
polar
:wait
:dump @picker-existing
<Enter>
:wait
:dump @role-exists
n
:wait
:dump @form-taken
<Tab><Tab><Enter>
:dump @form-taken-enter
<Enter>
:wait
:dump @already-exists
K
tui roles "--demo roles" <<'K'
:wait
:dump @roles
?
:dump @help-roles
<Esc>
/polar
:dump @roles-filter
<Enter>
:wait
:dump @role-details
b
:wait
d
:dump @roles-delete-ask
K
fresh_demo
tui roles-empty "--demo roles" <<'K'
:wait
:dump @roles-empty
K
fresh_demo
tui dbs "--demo dbs" <<'K'
:wait
:dump @dbs-confirm
?
:dump @help-dbs
<Esc>
<Enter>
:wait
:dump @dbs-activated
<Esc>dbs<Enter>
:wait
:dump @dbs-already
K
tui dbs-region "--demo --region cn-guangzhou dbs" <<'K'
:wait
:dump @dbs-other-region
K
size=30x8 tui small --demo <<'K'
:wait
:dump @too-small
K
size=60x16 tui help-small --demo <<'K'
:wait
polar<Enter>
<F1>
:wait
:dump @help-enlarge
K
tui nocreds "" <<'K'
:dump @nocreds
?
:dump @help-nocreds
<Esc>
d
:wait
:dump @nocreds-demo
K

fresh_demo
tui rollout --demo <<K
$MAKE
R
:wait
:dump @rollout-plan
?
:dump @help-rollout
<Esc>
y
:dump @rollout-ask
y
:wait
:dump @rollout-done
<Enter>
:dump @rollout-account
K

# --- against linkrole-sim: the failures --------------------------------------------
# A directory whose member 25 was invited without the access role.
start_sim --directory 25
as_owner
tui rollout-no-entry "" <<K
$MAKE
R
:wait
/no<Enter>
:dump @rollout-no-entry
<Enter>
:dump @rollout-no-entry-pane
K
stop_sim
start_sim
as_user
tui denied "" <<K
:wait
:dump @header-denied
<Esc>!
:dump @error-background
s<C-u>$TEST_TMP/policy.txt<Enter>
:dump @error-saved
b
/polar<Enter>
<Tab><Tab><Enter>
:wait
:dump @error-permission
?
:dump @help-error
K
tui roles-denied roles <<'K'
:wait
:dump @roles-denied
K
export ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret-Zq3
tui wrong-secret "" <<'K'
:wait
:dump @header-wrong-secret
<Esc>!
:dump @error-wrong-secret
K
as_owner
tui templates "" <<'K'
:wait
archiving.ecs
:wait
:dump @tmpl-picker-single
<Enter>
:wait
:dump @tmpl-single
<Esc>
<C-u>polardb.aliyuncs
:wait
<Enter>
:wait
:dump @tmpl-multiple
K
stop_sim

start_sim --fault throttle
tui throttled "" <<'K'
:wait
:dump @header-throttled
polar<Enter>
Mine<Tab>团队<Tab><Enter>
:wait
:dump @error-throttled
r
:dump @error-retrying
:wait
e
:dump @error-edit
K
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

# Only the create is slow (a minute: it is cancelled long before), and
# what else the UI asks for has come first, so the screen shown while it
# is in flight is the same however slow the machine.
start_sim --fault latency=60000/CreateServiceLinkedRole
tui sending "" <<'K'
:wait
polar<Enter>
:wait
<Tab><Tab><Enter>
:dump @sending
<Esc>
:wait
:dump @cancelled
K
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

start_sim --refuse-suffix polardb.aliyuncs.com \
    --fault throttle/GetServiceLinkedRoleTemplate
tui refused-suffix "" <<'K'
:wait
arms.aliyuncs
:wait
:dump @tmpl-picker-failed
<C-u>polar<Enter>
:wait
:dump @tmpl-failed
Example<Tab><Tab><Enter>
:wait
:dump @error-refused-suffix
K
tui refused-before "" <<'K'
:wait
polar<Enter>
:wait
:dump @form-refused-before
K
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

start_sim --fault latency=1500/GetServiceLinkedRoleTemplate
tui tmpl-held "" <<'K'
archiving.ecs<Enter>
mine<Tab><Tab><Enter>
:dump @tmpl-held
:wait
:dump @tmpl-refused
K
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

start_sim --in-use AliyunServiceRoleForPolarDB:12
tui delete-failed "" <<K
$MAKE
d
y
:wait
:timer
:timer
:dump @delete-failed
s
<C-u>$TEST_TMP/in-use.txt<Enter>
:dump @delete-failed-saved
d
:dump @delete-ask-again
K
stop_sim
scan_file "the list of resources saved from the delete screen" "$TEST_TMP/in-use.txt"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
