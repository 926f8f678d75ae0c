*** Settings ***
Documentation    Wrong expectations fail within their timeout, in one line, with a screenshot.

Resource         ui.resource

Test Tags        ui    failures


*** Test Cases ***
Wrong Status Expectation Fails Within Its Timeout With A Screenshot
    [Setup]    Create Stalling Repository
    ${task} =    Sync Repository    ${STALL_REPO}    wait=False
    VAR    ${STALL_TASK}    ${task}    scope=TEST
    Get Task State    ${task}    ==    running    timeout=30s
    Open Task List    name=sync    state=running
    ${before} =    Count Failure Screenshots
    ${started} =    Get Time    epoch
    ${error} =    Run Keyword And Expect Error    *
    ...    Wait Until Task Status In UI Is    ${task}    completed    timeout=3s
    ${took} =    Evaluate    time.time() - ${started}    modules=time
    Should Be True    ${took} < 8    took ${took} s
    Should Contain    ${error}    still showed 'Running'
    Should Contain    ${error}    timeout 3 s
    Should Contain    ${error}    expected 'Completed'
    Error Should Be One Line    ${error}
    ${after} =    Count Failure Screenshots
    Should Be Equal As Integers    ${after}    ${before + 1}
    [Teardown]    Remove Stalling Repository

Unknown State Is Refused Before Any Waiting
    Run Keyword And Expect Error    Unknown task state 'finished'*
    ...    Wait Until Task Status In UI Is    01234567-89ab-7def-8123-456789abcdef    finished
