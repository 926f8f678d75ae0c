*** Settings ***
Documentation       The seed's scenario: create a namespace, upload three collections,
...                 wait for all tasks; then delete one collection and follow its task.
...                 Run with scripts/run-example.sh (it starts a local hub when HUB_URL is unset).
Library             String
Library             HubTaskLibrary    timeout=2 min
Suite Setup         Pick A Fresh Namespace


*** Variables ***
${NAMESPACE}        ${EMPTY}


*** Test Cases ***
Namespace And Three Uploads
    [Documentation]    galaxykit: namespace create, task wait all, 3 x collection upload, task wait all.
    Create Namespace    ${NAMESPACE}
    Wait For All Tasks    scope=mine
    Upload Collection    ${NAMESPACE}    collection1    wait=False
    Upload Collection    ${NAMESPACE}    collection2    wait=False
    Upload Collection    ${NAMESPACE}    collection3    wait=False
    Wait For All Tasks    scope=mine
    Collection Should Exist    ${NAMESPACE}    collection1    repository=staging

Approve And Delete Follows The Delete Task
    [Documentation]    DELETE answers 202 with a task; the task is followed to completed.
    Approve Collection    ${NAMESPACE}    collection1
    Collection Should Exist    ${NAMESPACE}    collection1    1.0.0
    ${task} =    Delete Collection    ${NAMESPACE}    collection1    wait=False
    ${done} =    Wait For Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Collection Should Not Exist    ${NAMESPACE}    collection1


*** Keywords ***
Pick A Fresh Namespace
    [Documentation]    A namespace name no other run uses (``${NAMESPACE}``).
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${NAMESPACE}    seed_${suffix}    scope=SUITE
