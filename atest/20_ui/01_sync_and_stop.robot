*** Settings ***
Documentation    A sync started from the repository page, followed from its alert, stopped
...              from the task detail page.

Resource         ui.resource

Test Tags        ui    sync    prefix


*** Test Cases ***
Sync Started In The UI Links To Its Running Task And Stops From The Detail Page
    [Setup]    Create Stalling Repository
    ${task} =    Sync Repository In UI    ${STALL_REPO}
    VAR    ${STALL_TASK}    ${task}    scope=TEST
    ${alert} =    Wait For Task Alert    Sync started for repository "${STALL_REPO}"
    Should Be Equal    ${alert}[variant]    info
    Should Be Equal    ${alert}[task]    ${task}
    ${opened} =    Open Task From Alert    Sync started for repository "${STALL_REPO}"
    Should Be Equal    ${opened}    ${task}
    Wait Until Task Status In UI Is    ${task}    running    timeout=30s
    Get Task State    ${task}    ==    running
    UI Task Status Should Match API    ${task}
    ${stopped} =    Stop Task In UI    ${task}    location=detail
    Should Be Equal    ${stopped}[state]    canceled
    Wait Until Task Status In UI Is    ${task}    Canceled    timeout=20s
    UI Task Status Should Match API    ${task}
    [Teardown]    Remove Stalling Repository
