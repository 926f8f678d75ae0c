*** Settings ***
Documentation       Failures surface with the hub's own words, in one line, and fast.
Resource            ../resources/hub.resource
Library             OperatingSystem
Suite Setup         Prepare
Test Tags           api    failures


*** Variables ***
${UNKNOWN_UUID}     01234567-89ab-7def-8123-456789abcdef


*** Test Cases ***
Corrupt Artifact Import Fails With The Importer's Message
    VAR    ${bad}    ${OUTPUT DIR}/artifacts/${NS}-corrupt-1.0.0.tar.gz
    Create File    ${bad}    this is not a tarball
    ${error} =    Run Keyword And Expect Error    *
    ...    Upload Collection    ${NS}    corrupt    path=${bad}
    Should Contain    ${error}    ended failed
    Should Contain    ${error}    /ui/task/
    Error Should Be One Line    ${error}

Corrupt Artifact Task Should Have Failed
    VAR    ${bad}    ${OUTPUT DIR}/artifacts/${NS}-corrupt2-1.0.0.tar.gz
    Create File    ${bad}    still not a tarball
    ${task} =    Upload Collection    ${NS}    corrupt2    path=${bad}    wait=False
    ${failed} =    Task Should Have Failed    ${task}
    Should Not Be Empty    ${failed}[error][description]
    Run Keyword And Expect Error    *does not contain*
    ...    Task Should Have Failed    ${task}    message=no such words in the error
    Run Keyword And Expect Error    *ended failed (expected completed)*
    ...    Task Should Be Completed    ${task}
    Wait For Task    ${task}    expected=failed

Upload Into An Unknown Namespace Fails At Once
    ${ghost} =    Fresh Name    ghost
    ${error} =    Run Keyword And Expect Error    *
    ...    Upload Collection    ${ghost}    thing
    Should Contain    ${error}    404
    Should Contain    ${error}    Create namespace '${ghost}' first
    Error Should Be One Line    ${error}

Existing Namespace Cannot Be Created Again
    Run Keyword And Expect Error    Namespace '${NS}' already exists*    Create Namespace    ${NS}

Cancel Of A Finished Task Fails Clearly
    ${task} =    Upload Collection    ${NS}    finished
    ${error} =    Run Keyword And Expect Error    *
    ...    Cancel Task    ${task}
    Should Contain    ${error}    already completed
    Should Contain    ${error}    only waiting or running tasks can be canceled
    Error Should Be One Line    ${error}

Unknown Task Id Fails At Once
    ${error} =    Run Keyword And Expect Error    *    Wait For Task    ${UNKNOWN_UUID}
    Should Contain    ${error}    ${UNKNOWN_UUID} was not found
    Run Keyword And Expect Error    *not found*    Get Task    ${UNKNOWN_UUID}
    Run Keyword And Expect Error    *no such task*    Cancel Task    ${UNKNOWN_UUID}

Malformed Task Reference Names The Accepted Shapes
    Run Keyword And Expect Error    'not-a-task' is not a task reference: *
    ...    Wait For Task    not-a-task

Failed Task Is Reported By Wait For All Tasks
    VAR    ${bad}    ${OUTPUT DIR}/artifacts/${NS}-corrupt3-1.0.0.tar.gz
    Create File    ${bad}    broken again
    Upload Collection    ${NS}    corrupt3    path=${bad}    wait=False
    ${error} =    Run Keyword And Expect Error    *
    ...    Wait For All Tasks    scope=mine
    Should Contain    ${error}    ended failed
    # Reported once: the next wait is clean.
    Wait For All Tasks    scope=mine

Unknown Collection And Repository
    Run Keyword And Expect Error    *not found in repository 'published'*
    ...    Delete Collection    ${NS}    nothing_here
    Run Keyword And Expect Error    Repository 'no_such_repo' does not exist.
    ...    Sync Repository    no_such_repo

Bad Names And Versions Are Refused Before Any Request
    Run Keyword And Expect Error    Invalid namespace name 'Bad-Name'*    Create Namespace    Bad-Name
    Run Keyword And Expect Error    Invalid collection version 'one'*
    ...    Build Collection    ${NS}    thing    one
    Run Keyword And Expect Error    Collection artifact '/no/such/file.tar.gz' does not exist.
    ...    Upload Collection    ${NS}    thing    path=/no/such/file.tar.gz

Zero Or Negative Timeout Is Refused
    Run Keyword And Expect Error    timeout must be positive, got 0 seconds.
    ...    Wait For All Tasks    timeout=0s
    Run Keyword And Expect Error    timeout must be positive, got -1 seconds.
    ...    Wait For All Tasks    timeout=-1s


*** Keywords ***
Prepare
    [Documentation]    A fresh namespace for the suite (``${NS}``).
    ${ns} =    Fresh Namespace
    VAR    ${NS}    ${ns}    scope=SUITE
