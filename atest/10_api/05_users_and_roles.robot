*** Settings ***
Documentation       Users, groups and roles, and acting as another user (Switch User).
...                 A second library instance (``Other``, the admin) keeps a task of its own
...                 running, to show what the switched user waits for and sees. (Its import
...                 arguments differ: Robot hands out one instance for equal ones, alias or not.)
Resource            ../resources/hub.resource
Library             HubTaskLibrary    timeout=2 min    AS    Other
Suite Setup         Prepare Users And Namespaces
Suite Teardown      Clean Up
Test Tags           api    rbac    prefix


*** Test Cases ***
Namespace Owner Role Via A Group Allows Uploads To That Namespace Only
    Switch User    ${OWNER}[username]
    ${task} =    Upload Collection    ${NS_A}    owned
    Task Should Be Completed    ${task}
    Collection Should Exist    ${NS_A}    owned    1.0.0    repository=staging
    ${error} =    Run Keyword And Expect Error    *403 Forbidden*
    ...    Upload Collection    ${NS_B}    refused
    Error Should Be One Line    ${error}
    Should Contain    ${error}    User '${OWNER}[username]'
    Should Contain    ${error}    v3/artifacts/collections/
    [Teardown]    Switch To Default User

Wait For All Tasks Scope Mine As The Switched User Waits Only For Its Own Tasks
    [Documentation]    ``Other`` (another library instance, admin) holds a task running; the
    ...    switched user's ``scope=mine`` wait returns when its own upload is over, and
    ...    the other task is still running afterwards.
    ${other} =    Other.Create Long Running Task    name=hubtask_rbac_${TAG}
    Switch User    ${OWNER}[username]
    ${task} =    Upload Collection    ${NS_A}    mine    wait=False
    Wait For All Tasks    scope=mine    timeout=60s
    Task Should Be Completed    ${task}
    Get Task State    ${other}    ==    running
    ${seen} =    List Tasks    state=running    name=hubtask_rbac_${TAG}
    Length Should Be    ${seen}    1
    ...    On 4.9.2 a user holding only a namespace role lists the admin's tasks too.
    [Teardown]    Run Keywords    Switch To Default User
    ...    AND    Run Keyword And Ignore Error    Other.Cancel Task    ${other}

A Wait Started Before A Switch Still Works After It
    ${task} =    Upload Collection    ${NS_A}    before    wait=False
    Switch User    ${OWNER}[username]
    Wait For Task    ${task}
    Switch To Default User
    Wait For All Tasks    scope=mine
    Should Be Equal    ${{ $OWNER['password'] in repr($OWNER) }}    ${False}
    ...    The user dictionary must not print its password.
    [Teardown]    Switch To Default User

Custom Role Given Globally And On A Namespace, Then Removed
    [Documentation]    A role with two permissions (create namespaces, upload to namespaces):
    ...    given globally the user may create a namespace and upload anywhere; given on
    ...    one namespace it may upload there only and create nothing; removed, nothing.
    VAR    ${role}    galaxy.hubtask_${TAG}
    Create Role    ${role}    Creates and uploads    galaxy.add_namespace    galaxy.upload_to_namespace
    Add Role To Group    ${PUBLISHERS}    ${role}
    Publisher May    Create Namespace    rbac_${TAG}_made
    Publisher May    Upload Collection    ${NS_B}    global
    Remove Role From Group    ${PUBLISHERS}    ${role}
    Publisher Is Refused    Create Namespace    rbac_${TAG}_later
    Publisher Is Refused    Upload Collection    ${NS_B}    after
    Add Role To Group    ${PUBLISHERS}    ${role}    namespace=${NS_C}
    ${held} =    Get Group Roles    ${PUBLISHERS}
    Length Should Be    ${held}    1
    Publisher May    Upload Collection    ${NS_C}    scoped
    Publisher Is Refused    Upload Collection    ${NS_B}    scoped
    Publisher Is Refused    Create Namespace    rbac_${TAG}_scoped
    Remove Role From Group    ${PUBLISHERS}    ${role}    namespace=${NS_C}
    Publisher Is Refused    Upload Collection    ${NS_C}    removed
    Delete Role    ${role}
    [Teardown]    Switch To Default User

Group Membership Follows Add And Remove
    ${user} =    Create User    rbac_${TAG}_member
    Add User To Group    ${user}[username]    ${PUBLISHERS}
    ${members} =    Get Group Members    ${PUBLISHERS}
    Should Contain    ${members}    ${user}[username]
    Remove User From Group    ${user}[username]    ${PUBLISHERS}
    ${members} =    Get Group Members    ${PUBLISHERS}
    Should Not Contain    ${members}    ${user}[username]
    Delete User    ${user}[username]
    Delete User    ${user}[username]    missing_ok=True


*** Keywords ***
Prepare Users And Namespaces
    [Documentation]    Two groups with a user each; namespace A owned by the owners' group.
    Set Library Search Order    HubTaskLibrary
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${TAG}    ${suffix}    scope=SUITE
    VAR    ${OWNERS}    rbac_${TAG}_owners    scope=SUITE
    VAR    ${PUBLISHERS}    rbac_${TAG}_publishers    scope=SUITE
    Create Group    ${OWNERS}
    Create Group    ${PUBLISHERS}
    ${owner} =    Create User    rbac_${TAG}_owner    groups=${{[$OWNERS]}}
    ${publisher} =    Create User    rbac_${TAG}_publisher    groups=${PUBLISHERS}
    VAR    ${OWNER}    ${owner}    scope=SUITE
    VAR    ${PUBLISHER}    ${publisher}    scope=SUITE
    Create Namespaces    a    b    c
    Add Role To Group    ${OWNERS}    galaxy.collection_namespace_owner    namespace=${NS_A}

Create Namespaces
    [Documentation]    Namespaces rbac_<tag>_<letter>, in ${NS_<LETTER>}, created in one go.
    [Arguments]    @{letters}
    FOR    ${letter}    IN    @{letters}
        ${upper} =    Convert To Upper Case    ${letter}    # robocop: off=VAR02
        VAR    ${NS_${upper}}    rbac_${TAG}_${letter}    scope=SUITE
        Create Namespace    rbac_${TAG}_${letter}    wait=False
    END
    Wait For All Tasks    scope=mine

Publisher May
    [Documentation]    Runs the keyword as the publisher (it must pass).
    [Arguments]    ${keyword}    @{arguments}
    Switch User    ${PUBLISHER}[username]
    Run Keyword    ${keyword}    @{arguments}
    [Teardown]    Switch To Default User

Publisher Is Refused
    [Documentation]    As the publisher the keyword fails with a one-line 403 naming it.
    [Arguments]    ${keyword}    @{arguments}
    Switch User    ${PUBLISHER}[username]
    ${error} =    Run Keyword And Expect Error    *403 Forbidden*    ${keyword}    @{arguments}
    Error Should Be One Line    ${error}
    Should Contain    ${error}    User '${PUBLISHER}[username]'
    [Teardown]    Switch To Default User

Clean Up
    [Documentation]    Hub-wide keywords first: they delete a wave of collections at once.
    Switch To Default User
    Delete Namespaces    rbac_${TAG}_*
    Delete Users    rbac_${TAG}_*
    Delete Groups    rbac_${TAG}_*
    Delete Created Resources
