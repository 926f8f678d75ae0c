*** Settings ***
Documentation       `hubtask galaxykit` as Cypress runs galaxykit: one process per step, against
...                 the real hub. Each command waits for its own tasks, so the hub state the next
...                 step needs holds at once; failures exit non-zero with one short line.
Resource            ../resources/hub.resource
Resource            ../resources/registry.resource
Library             Process
Test Tags           api    galaxykit


*** Variables ***
${SERVER}       %{HUB_URL}%{HUB_API_PREFIX}


*** Test Cases ***
The Seed's Cypress Sequence
    [Documentation]    namespace create, task wait all, three uploads, task wait all (peer-suites §1).
    [Tags]    prefix
    ${ns} =    Fresh Name    gk
    VAR    ${GK_NS}    ${ns}    scope=SUITE
    Galaxykit Should Succeed    namespace    create    ${ns}
    Namespace Should Exist    ${ns}
    Galaxykit Should Succeed    task    wait    all
    FOR    ${name}    IN    collection1    collection2    collection3
        ${result} =    Galaxykit Should Succeed    collection    upload    ${ns}    ${name}
        ${artifact} =    Evaluate    json.loads($result.stdout)
        Should Be Equal    ${artifact}[name]    ${name}
        # Waited means visible: no wait-all needed before looking.
        Collection Should Exist    ${ns}    ${name}    1.0.0    repository=staging
    END
    Galaxykit Should Succeed    task    wait    all

Approve, Copy, Deprecate And Delete As The Specs Call Them
    Galaxykit Should Succeed    collection    approve    ${GK_NS}    collection1    1.0.0
    Collection Should Exist    ${GK_NS}    collection1    1.0.0    repository=published
    Collection Should Not Exist    ${GK_NS}    collection1    1.0.0    repository=staging
    Galaxykit Should Succeed    collection    copy    ${GK_NS}    collection2    1.0.0    staging    published
    Collection Should Exist    ${GK_NS}    collection2    1.0.0    repository=published
    Collection Should Exist    ${GK_NS}    collection2    1.0.0    repository=staging
    Galaxykit Should Succeed    collection    deprecate    ${GK_NS}    collection1
    ${info} =    Galaxykit Should Succeed    url    get
    ...    v3/plugin/ansible/content/published/collections/index/${GK_NS}/collection1/
    Should Contain    ${info.stdout}    "deprecated": true
    Galaxykit Should Succeed    collection    delete    ${GK_NS}    collection1
    Collection Should Not Exist    ${GK_NS}    collection1    repository=published

Remote, Repository And Distribution
    ${name} =    Fresh Name    gkrepo
    Galaxykit Should Succeed    remote    create    ${name}    http://127.0.0.1:9/
    Galaxykit Should Succeed    repository    create    ${name}    --remote    ${name}
    Galaxykit Should Succeed    distribution    create    ${name}
    ${list} =    Galaxykit Should Succeed    distribution    list
    Should Match Regexp    ${list.stdout}    (?m)^${name} .*base_path=${name}( |$)
    Galaxykit Should Succeed    distribution    delete    ${name}
    Galaxykit Should Succeed    repository    delete    ${name}
    Galaxykit Should Succeed    remote    delete    ${name}
    ${list} =    Galaxykit Should Succeed    repository    list
    Should Not Contain    ${list.stdout}    ${name}

Registry And Container As The EE Specs Set Them Up
    [Documentation]    registry create, container create (galaxykit's remotes sync `latest` only),
    ...    readme, container-image delete, container delete, registry delete; the hub state
    ...    is checked after each. The registry points at the loopback one.
    [Tags]    container
    Loopback Registry Is Up
    ${registry} =    Fresh EE Name    gkreg
    ${name} =    Fresh EE Name    gkee
    VAR    ${GK_EE}    ${name}    scope=TEST
    VAR    ${GK_REGISTRY}    ${registry}    scope=TEST
    Galaxykit Should Succeed    registry    create    ${registry}    ${REGISTRY_URL}
    ${list} =    Galaxykit Should Succeed    registry    list
    Should Match Regexp    ${list.stdout}    (?m)^${registry}$
    ${again} =    Galaxykit    registry    create    ${registry}    ${REGISTRY_URL}
    Should Be Equal As Integers    ${again.rc}    2
    Galaxykit Should Succeed    container    create    ${name}    hubtask/minimal    ${registry}
    Container Should Exist    ${name}
    Galaxykit Should Succeed    container    readme    ${name}    Made by galaxykit
    ${readme} =    Galaxykit Should Succeed    container    readme    ${name}
    Should Be Equal    ${readme.stdout}    Made by galaxykit
    Sync Container    ${name}
    Container Should Have Tag    ${name}    latest
    Container Should Not Have Tag    ${name}    1.0
    Galaxykit Should Succeed    container-image    delete    ${name}    latest
    Container Should Not Have Tag    ${name}    latest
    Galaxykit Should Succeed    container    delete    ${name}
    Container Should Not Exist    ${name}
    Galaxykit Should Succeed    registry    delete    ${registry}
    ${left} =    Get Registries    ${registry}
    Should Be Empty    ${left}
    ${gone} =    Galaxykit    registry    delete    ${registry}
    Should Be Equal As Integers    ${gone.rc}    2
    Output Should Be One Short Line    ${gone.stderr}
    [Teardown]    Run Keyword If Test Failed    Delete EE Leftovers

Users, Groups And Roles As The Specs Set Them Up
    [Documentation]    The password is a throwaway one on purpose: galaxykit takes it on the
    ...    command line, which Robot logs; the user is deleted at the end.
    ${name} =    Fresh Name    gkuser
    Galaxykit Should Succeed    group    create    ${name}
    ${created} =    Galaxykit Should Succeed    user    create    ${name}    throwaway-Pw-1234567
    Should Contain    ${created.stdout}    Created user ${name}
    ${again} =    Galaxykit    user    create    ${name}    throwaway-Pw-1234567
    Should Be Equal As Integers    ${again.rc}    2
    Galaxykit Should Succeed    -i    user    create    ${name}    throwaway-Pw-1234567
    Galaxykit Should Succeed    user    group    add    ${name}    ${name}
    ${members} =    Get Group Members    ${name}
    Should Contain    ${members}    ${name}
    Galaxykit Should Succeed    role    create    galaxy.${name}    Test role    --permissions
    ...    galaxy.add_namespace,galaxy.upload_to_namespace
    Galaxykit Should Succeed    group    role    add    ${name}    galaxy.${name}
    ${roles} =    Galaxykit Should Succeed    group    role    list    ${name}
    Should Contain    ${roles.stdout}    galaxy.${name}
    Galaxykit Should Succeed    group    role    remove    ${name}    galaxy.${name}
    Galaxykit Should Succeed    role    delete    galaxy.${name}
    Galaxykit Should Succeed    user    delete    ${name}
    Galaxykit Should Succeed    group    delete    ${name}
    ${users} =    Galaxykit Should Succeed    user    list
    Should Not Contain    ${users.stdout}    ${name}

Not Found Exits 2 And -i Ignores It
    ${result} =    Galaxykit    namespace    delete    nosuchns_${GK_NS}
    Should Be Equal As Integers    ${result.rc}    2
    Output Should Be One Short Line    ${result.stderr}
    ${result} =    Galaxykit    -i    namespace    delete    nosuchns_${GK_NS}
    Should Be Equal As Integers    ${result.rc}    0

A Failed Import Exits 1 With The Importer's Error In One Short Line
    [Documentation]    The hub refuses the same version with other bytes in the import task:
    ...    galaxykit exits 0 here; the drop-in fails with the task's own error.
    ${other} =    Build Collection    ${GK_NS}    clash    1.0.0    tags=${{["other"]}}
    Upload Collection    ${GK_NS}    clash    1.0.0    path=${other}
    ${result} =    Galaxykit    collection    upload    ${GK_NS}    clash    1.0.0
    Should Be Equal As Integers    ${result.rc}    1
    Output Should Be One Short Line    ${result.stderr}
    Should Contain    ${result.stderr}    task import_to_staging failed:
    Should Contain    ${result.stderr}    already exists
    Should Contain    ${result.stderr}    /ui/task/

Task Wait All That Runs Out Of Time Exits 1 Naming The Task
    [Documentation]    galaxykit gives up after 10 tries and exits 0; the drop-in names the task.
    ${held} =    Create Long Running Task    name=gk_iamrunning
    ${result} =    Galaxykit    --timeout    2s    task    wait    all
    Cancel Task    ${held}
    Should Be Equal As Integers    ${result.rc}    1
    Output Should Be One Short Line    ${result.stderr}
    Should Contain    ${result.stderr}    timed out after 2 s
    Should Contain    ${result.stderr}    gk_iamrunning is running


*** Keywords ***
Galaxykit
    [Documentation]    One `hubtask galaxykit` process, as `cy.galaxykit(...)` starts one. The
    ...    password comes from HUB_PASSWORD (never on the command line or in this log).
    [Arguments]    @{words}
    ${result} =    Run Process    hubtask    galaxykit    -s    ${SERVER}    @{words}    timeout=120s
    Log    rc=${result.rc}\n${result.stdout}\n${result.stderr}
    RETURN    ${result}

Galaxykit Should Succeed
    [Documentation]    Runs the command and fails with its stderr unless it exits 0.
    [Arguments]    @{words}
    ${result} =    Galaxykit    @{words}
    Should Be Equal As Integers    ${result.rc}    0    msg=${result.stderr}
    RETURN    ${result}

Delete EE Leftovers
    [Documentation]    What a failed EE test may have left on the shared hub, ignoring what is gone.
    Galaxykit    -i    container    delete    ${GK_EE}
    Galaxykit    -i    registry    delete    ${GK_REGISTRY}

Output Should Be One Short Line
    [Documentation]    What Cypress shows of a failing command: one line of at most 200 characters.
    [Arguments]    ${text}
    ${text} =    Strip String    ${text}
    Should Not Contain    ${text}    \n
    Should Not Contain    ${text}    Traceback
    ${length} =    Get Length    ${text}
    Should Be True    ${length} <= 200    ${length} characters: ${text}
