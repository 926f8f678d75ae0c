*** Settings ***
Documentation       Bad input, one case per row: each fails with one line that says what to
...                 fix, logs no traceback, and leaves nothing half-created on the hub.
...                 Differently configured library instances are imported with ``AS``.
Library             OperatingSystem
Library             String
Library             HubTaskLibrary    timeout=30s    AS    Hub
Library             ../tools/LogWatch.py
Library             ../tools/HubProbe.py
Suite Setup         Prepare Instances
Suite Teardown      Clean Up
Test Template       Bad Input Fails Clearly
Test Tags           resilience    bad-input


*** Variables ***
${UNKNOWN_UUID}     01234567-89ab-7def-8123-456789abcdef
${BAD_TOKEN}        0123456789abcdef0123456789abcdef01234567


*** Test Cases ***    INSTANCE    KEYWORD    EXPECTED    ARGUMENTS
# The rows continue under their test names on purpose (one row per case, read by
# the template); aligning the markers with the names would change the data.
# robocop: off=misaligned-continuation
Unreachable Host
    ...    Unreachable    List Tasks
    ...    Cannot reach the hub at http://127.0.0.1:9 *connection refused*Check base_url (HUB_URL)*
Unknown Host Name
    ...    NoSuchHost    List Tasks
    ...    Cannot reach the hub at http://no-such-host.invalid:8080 *host name not found*Check base_url*
Wrong Base URL
    ...    WrongBase    List Tasks
    ...    No Automation Hub or Pulp API found at %{HUB_URL}/no/hub/here*Check base_url (HUB_URL) or set api_prefix*
Base URL That Is Not HTTP
    ...    FtpBase    List Tasks
    ...    base_url 'ftp://127.0.0.1:21' is not an http(s) URL: give e.g. http://127.0.0.1:8080.
Wrong API Prefix
    ...    WrongPrefix    List Tasks
    ...    *404*Check base_url (HUB_URL) and api_prefix (HUB_API_PREFIX)*
Wrong Password
    ...    WrongPassword    List Tasks
    ...    *403 Forbidden: Invalid username/password.*Check username/password or token*
Bad Token
    ...    BadToken    List Tasks
    ...    *Invalid token.*Check username/password or token*
Missing CA Bundle
    ...    MissingCA    List Tasks
    ...    verify_ssl '/no/such/ca.pem' is neither True/False nor an existing CA bundle*
Invalid Namespace Name
    ...    Hub    Create Namespace
    ...    Invalid namespace name 'Bad-${GHOST}': use lower-case letters*    Bad-${GHOST}
Unknown Namespace
    ...    Hub    Upload Collection
    ...    *404*Create namespace '${GHOST}_ns' first.    ${GHOST}_ns    thing
Existing Namespace
    ...    Hub    Create Namespace
    ...    Namespace '${NS}' already exists: pick another name or delete it first.    ${NS}
Namespace That Still Holds Collections
    ...    Hub    Delete Namespace
    ...    Cannot delete namespace '${NS}': *Delete its collections first.    ${NS}
Missing Artifact File
    ...    Hub    Upload Collection
    ...    Collection artifact '/no/such/${NS}-${GHOST}-1.0.0.tar.gz' does not exist.
    ...    ${NS}    ${GHOST}    path=/no/such/${NS}-${GHOST}-1.0.0.tar.gz
Artifact File Name Not ns-name-version
    ...    Hub    Upload Collection
    ...    Artifact file name 'wrong.tar.gz' must be <namespace>-<name>-<version>.tar.gz.
    ...    ${NS}    ${GHOST}    path=${WRONG_NAME}
Corrupt Artifact
    ...    Hub    Upload Collection
    ...    Task galaxy_ng.app.tasks.publishing.import_to_staging ended failed (expected completed): *
    ...    ${NS}    ${GHOST}c    path=${CORRUPT}
Bad Version String
    ...    Hub    Upload Collection
    ...    Invalid collection version 'one': use semantic versioning, e.g. 1.0.0.    ${NS}    ${GHOST}    one
Unknown Collection
    ...    Hub    Delete Collection
    ...    Cannot delete collection ${NS}.${GHOST}: not found in repository 'published'.    ${NS}    ${GHOST}
Approve A Collection That Is Not In Staging
    ...    Hub    Approve Collection
    ...    Move of ${NS}.${GHOST} 1.0.0 from staging to published failed: *    ${NS}    ${GHOST}
Unknown Repository
    ...    Hub    Sync Repository
    ...    Repository '${GHOST}_repo' does not exist.    ${GHOST}_repo
Unknown Task Id
    ...    Hub    Wait For Task
    ...    Task ${UNKNOWN_UUID} was not found on the hub: check the task id*    ${UNKNOWN_UUID}
Malformed Task Reference
    ...    Hub    Wait For Task
    ...    'not-a-task' is not a task reference: give a pulp task href*    not-a-task
Cancel Of A Finished Task
    ...    Hub    Cancel Task
    ...    Cannot cancel task * it is already completed; only waiting or running tasks can be canceled.
    ...    ${FINISHED}
Expected State That Is Not Final
    ...    Hub    Wait For Task
    ...    ValueError: Argument 'expected' got value 'running'*Available: 'canceled', 'completed', 'failed' and*
    ...    ${FINISHED}    expected=running
Zero Timeout
    ...    Hub    Wait For All Tasks
    ...    timeout must be positive, got 0 seconds.    timeout=0s
Negative Timeout
    ...    Hub    Wait For Task
    ...    timeout must be positive, got -1 seconds.    ${FINISHED}    timeout=-1s
Timeout That Is Not A Time
    ...    Hub    Wait For All Tasks
    ...    *timeout*soon*    timeout=soon
Unknown Wait Scope
    ...    Hub    Wait For All Tasks
    ...    ValueError: Argument 'scope' got value 'everyone' that cannot be converted to 'hub' or 'mine'.
    ...    scope=everyone
Unknown Pipeline Value
    ...    Hub    Create Repository
    ...    ValueError: Argument 'pipeline' got value 'published' *to 'approved', 'staging' or 'rejected' or None.
    ...    ${GHOST}_repo    pipeline=published
Signing With A Service The Hub Does Not Have
    ...    Hub    Sign Collection
    ...    Signing service '${GHOST}_signer' does not exist on the hub: give the name of an existing one*
    ...    ${NS}    done    1.0.0    signing_service=${GHOST}_signer
Rejecting A Version That Is Not In Staging
    ...    Hub    Reject Collection
    ...    Cannot reject ${NS}d.user 1.0.0: only a version in a staging or approved *it is in rejected.
    ...    ${NS}d    user    1.0.0
Cascade That Meets A Collection Another Namespace Depends On
    ...    Hub    Delete Namespace
    ...    Cannot delete namespace '${NS}' *: ${NS}d.user depends on ${NS}.done.*nothing was deleted.
    ...    ${NS}    cascade=True
Non-Admin User Cannot Create A Namespace
    ...    NonAdmin    Create Namespace
    ...    *403 Forbidden: You do not have permission*User '${NONADMIN}' lacks that permission*
    ...    ${GHOST}_nons
Non-Admin User Cannot Cancel Another User's Task
    ...    NonAdmin    Cancel Task
    ...    *403 Forbidden: You do not have permission*User '${NONADMIN}' lacks that permission*
    ...    ${LONG_TASK}

Unknown User
    ...    Hub    Delete User
    ...    User '${GHOST}_user' does not exist: create it first (Create User) or check the name.
    ...    ${GHOST}_user
Unknown Group
    ...    Hub    Add User To Group
    ...    Group '${GHOST}_group' does not exist: create it first (Create Group)*
    ...    ${NONADMIN}    ${GHOST}_group
Unknown Role
    ...    Hub    Add Role To Group
    ...    Role 'galaxy.${GHOST}' does not exist: create it first (Create Role)*
    ...    ${GROUP}    galaxy.${GHOST}
Unknown Permission
    ...    Hub    Create Role
    ...    Cannot create role 'galaxy.${GHOST}': *Permission 'galaxy.${GHOST}_perm' does not exist.*
    ...    galaxy.${GHOST}    A role    galaxy.upload_to_namespace    galaxy.${GHOST}_perm
Existing User
    ...    Hub    Create User
    ...    User '${NONADMIN}' already exists: pick another name or delete it first (Delete User).
    ...    ${NONADMIN}
Existing Group
    ...    Hub    Create Group
    ...    Group '${GROUP}' already exists: pick another name or delete it first (Delete Group).
    ...    ${GROUP}
Create User With An Unknown Group Creates Nothing
    ...    Hub    Create User
    ...    Group '${GHOST}_group' does not exist*    ${GHOST}_user    groups=${GHOST}_group
Delete The Admin User
    ...    Hub    Delete User
    ...    User 'admin' is the hub's admin user: it is never deleted.    admin
Delete Users Naming The Admin User
    ...    Hub    Delete Users
    ...    User 'admin' is the hub's admin user: it is never deleted; give a pattern*    admin
Delete A Default Repository
    ...    Hub    Delete Repositories
    ...    Repository 'published' is one of the hub's default repositories: it is never deleted*
    ...    published
Delete A Default Remote
    ...    Hub    Delete Remotes
    ...    Remote 'community' is one of the hub's default remotes: it is never deleted*    community
Cleanup Without A Pattern
    ...    Hub    Delete Groups
    ...    Give a glob naming the groups to delete (e.g. e2e_*): there is no delete-everything default.
    ...    ${EMPTY}
Namespace With Collections Without Cascade
    ...    Hub    Delete Namespaces
    ...    Namespace(s) ${NS} still hold collections: give cascade\=True*    ${NS}    cascade=False
Role On A Namespace And A Repository At Once
    ...    Hub    Add Role To Group
    ...    Give namespace\=... or repository\=..., not both: a role is held on one object.
    ...    ${GROUP}    galaxy.collection_namespace_owner    namespace=${NS}    repository=staging
Role On An Unknown Namespace
    ...    Hub    Add Role To Group
    ...    Namespace '${GHOST}_ns' does not exist: create it first (Create Namespace).
    ...    ${GROUP}    galaxy.collection_namespace_owner    namespace=${GHOST}_ns
Remove A Role The Group Does Not Hold
    ...    Hub    Remove Role From Group
    ...    Group '${GROUP}' does not hold role 'galaxy.collection_admin' globally: nothing to remove.
    ...    ${GROUP}    galaxy.collection_admin
Delete A Built-In Role
    ...    Hub    Delete Role
    ...    Role 'galaxy.collection_admin' is one of the hub's built-in (locked) roles*
    ...    galaxy.collection_admin
Switch User With A Wrong Password
    ...    Hub    Switch User
    ...    Switch User: the hub refused user '${NONADMIN}' with that password*
    ...    ${NONADMIN}    password=wrong-password-${GHOST}
Switch User Without A Known Password
    ...    Hub    Switch User
    ...    No password known for user '${GHOST}_user': give password\=... or token\=...*
    ...    ${GHOST}_user
Switched User Refused
    ...    Switched    Create Group
    ...    *403 Forbidden: You do not have permission*User '${NONADMIN}' lacks that permission*
    ...    ${GHOST}_group


*** Keywords ***
Bad Input Fails Clearly
    [Documentation]    Runs ``instance.keyword`` and checks its failure; then the hub.
    [Arguments]    ${_instance}    ${_keyword}    ${_message}    @{arguments}    &{named}
    Start Log Watch
    ${error} =    Run Keyword And Expect Error    ${_message}
    ...    ${_instance}.${_keyword}    @{arguments}    &{named}
    Should Not Contain    ${error}    \n    The message is not one line.
    Should Not Contain    ${error}    Traceback
    Should Not Match Regexp    ${error}    <[a-zA-Z.]+ object at 0x    The message shows an object.
    Log Should Have No Traceback
    Hub Should Hold Nothing Named    ${GHOST}    ${NS}
    IF    $_keyword.startswith("Create ") and $_keyword != "Create Namespace"
        Hub Should Hold No User Group Or Role Named    ${GHOST}    ignore=${NONADMIN}
    END

Prepare Instances    # robocop: off=LEN01
    [Documentation]    The names, files, tasks and library instances the bad-input rows use.
    ${ghost} =    Generate Random String    8    [LOWER]
    VAR    ${GHOST}    zz${ghost}    scope=SUITE
    ${before} =    Get Hub Inventory
    VAR    ${BEFORE}    ${before}    scope=SUITE
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${NS}    bi_${suffix}    scope=SUITE
    Hub.Create Namespace    ${NS}
    ${finished} =    Hub.Upload Collection    ${NS}    done
    VAR    ${FINISHED}    ${finished}    scope=SUITE
    Prepare A Rejected Dependant
    VAR    ${CORRUPT}    ${OUTPUT DIR}/artifacts/${NS}-${GHOST}c-1.0.0.tar.gz    scope=SUITE
    Create File    ${CORRUPT}    this is not a tarball
    VAR    ${WRONG_NAME}    ${OUTPUT DIR}/artifacts/${NS}/wrong.tar.gz    scope=SUITE
    Copy File    ${OUTPUT DIR}/artifacts/${NS}-${GHOST}c-1.0.0.tar.gz    ${WRONG_NAME}
    ${long} =    Hub.Create Long Running Task    name=hubtask_badinput_${GHOST}
    VAR    ${LONG_TASK}    ${long}    scope=SUITE
    VAR    ${NONADMIN}    hubtask_nonadmin_${GHOST}    scope=SUITE
    Create Hub User    ${NONADMIN}    HUBTASK_NONADMIN_PASSWORD
    VAR    ${url}    %{HUB_URL}
    VAR    ${prefix}    %{HUB_API_PREFIX}
    Import Library    HubTaskLibrary    base_url=http://127.0.0.1:9    timeout=3s    AS    Unreachable
    Import Library    HubTaskLibrary    base_url=http://no-such-host.invalid:8080    timeout=3s
    ...    AS    NoSuchHost
    Import Library    HubTaskLibrary    base_url=${url}/no/hub/here    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    AS    WrongBase
    Import Library    HubTaskLibrary    base_url=ftp://127.0.0.1:21    AS    FtpBase
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    api_prefix=/api/nothing/    AS    WrongPrefix
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=wrong-%{HUB_PASSWORD}    api_prefix=${prefix}    AS    WrongPassword
    Import Library    HubTaskLibrary    base_url=${url}    token=${BAD_TOKEN}
    ...    api_prefix=${prefix}    AS    BadToken
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    verify_ssl=/no/such/ca.pem    AS    MissingCA
    Import Library    HubTaskLibrary    base_url=${url}    username=${NONADMIN}
    ...    password=%{HUBTASK_NONADMIN_PASSWORD}    api_prefix=${prefix}    AS    NonAdmin
    VAR    ${GROUP}    bi_group_${suffix}    scope=SUITE
    Hub.Create Group    ${GROUP}
    Import Library    HubTaskLibrary    timeout=29s    AS    Switched
    Switched.Switch User    ${NONADMIN}    password=%{HUBTASK_NONADMIN_PASSWORD}

Prepare A Rejected Dependant
    [Documentation]    ``${NS}d.user``: rejected, and it depends on ``${NS}.done``.
    Hub.Create Namespace    ${NS}d
    VAR    &{needs_done}    ${NS}.done=>=1.0.0
    ${user} =    Hub.Build Collection    ${NS}d    user    dependencies=${needs_done}
    Hub.Upload Collection    ${NS}d    user    path=${user}
    Hub.Reject Collection    ${NS}d    user    1.0.0

Clean Up
    [Documentation]    Removes what the suite made and checks nothing named after it is left.
    Run Keyword And Ignore Error    Hub.Cancel Task    ${LONG_TASK}
    Run Keyword And Ignore Error    Delete Hub User    ${NONADMIN}
    Hub.Delete Created Resources
    Hub Should Hold Nothing Named    ${GHOST}    ${NS}    everything=${True}
    ${after} =    Get Hub Inventory
    Inventory Should Not Mention    ${after}    ${NS}    ${GHOST}
