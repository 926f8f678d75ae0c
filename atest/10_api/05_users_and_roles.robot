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
    ${role} =    Set Variable    galaxy.hubtask_${TAG}
    Create Role    ${role}    Creates and uploads    galaxy.add_namespace    galaxy.upload_to_namespace
    Add Role To Group    ${PUBLISHERS}    ${role}
    Switch User    ${PUBLISHER}[username]
    Create Namespace    rbac_${TAG}_made
    Upload Collection    ${NS_B}    global
    Switch To Default User
    Remove Role From Group    ${PUBLISHERS}    ${role}
    Switch User    ${PUBLISHER}[username]
    Should Be Refused    Create Namespace    rbac_${TAG}_later
    Should Be Refused    Upload Collection    ${NS_B}    after
    Switch To Default User
    Add Role To Group    ${PUBLISHERS}    ${role}    namespace=${NS_C}
    ${held} =    Get Group Roles    ${PUBLISHERS}
    Length Should Be    ${held}    1
    Switch User    ${PUBLISHER}[username]
    Upload Collection    ${NS_C}    scoped
    Should Be Refused    Upload Collection    ${NS_B}    scoped
    Should Be Refused    Create Namespace    rbac_${TAG}_scoped
    Switch To Default User
    Remove Role From Group    ${PUBLISHERS}    ${role}    namespace=${NS_C}
    Switch User    ${PUBLISHER}[username]
    Should Be Refused    Upload Collection    ${NS_C}    removed
    Switch To Default User
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
    Set Library Search Order    HubTaskLibrary
    ${tag} =    Generate Random String    8    [LOWER]
    Set Suite Variable    ${TAG}    ${tag}
    Set Suite Variable    ${OWNERS}    rbac_${tag}_owners
    Set Suite Variable    ${PUBLISHERS}    rbac_${tag}_publishers
    Create Group    ${OWNERS}
    Create Group    ${PUBLISHERS}
    ${owner} =    Create User    rbac_${tag}_owner    groups=${{[$OWNERS]}}
    Set Suite Variable    ${OWNER}    ${owner}
    ${publisher} =    Create User    rbac_${tag}_publisher    groups=${PUBLISHERS}
    Set Suite Variable    ${PUBLISHER}    ${publisher}
    Set Suite Variable    ${NS_A}    rbac_${tag}_a
    Set Suite Variable    ${NS_B}    rbac_${tag}_b
    Set Suite Variable    ${NS_C}    rbac_${tag}_c
    Create Namespace    ${NS_A}    wait=False
    Create Namespace    ${NS_B}    wait=False
    Create Namespace    ${NS_C}    wait=False
    Wait For All Tasks    scope=mine
    Add Role To Group    ${OWNERS}    galaxy.collection_namespace_owner    namespace=${NS_A}

Should Be Refused
    [Documentation]    The keyword fails with a one-line 403 naming the switched user.
    [Arguments]    ${keyword}    @{arguments}
    ${error} =    Run Keyword And Expect Error    *403 Forbidden*    ${keyword}    @{arguments}
    Error Should Be One Line    ${error}
    Should Contain    ${error}    User '${PUBLISHER}[username]'

Clean Up
    Switch To Default User
    Delete Created Resources
    Delete Namespaces    rbac_${TAG}_*
    Delete Users    rbac_${TAG}_*
    Delete Groups    rbac_${TAG}_*
