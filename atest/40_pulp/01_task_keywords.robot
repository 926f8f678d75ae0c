*** Settings ***
Documentation       The task keywords on galaxy_ng 4.9.2 (pulpcore 3.28) and on the newest
...                 pulpcore: run twice by scripts/run-tests.sh, once per server (SERVER).
Resource            pulp.resource
Suite Setup         Prepare Server
Test Tags           pulp    api


*** Test Cases ***
Wait For Task Returns The Completed Task
    ${task} =    Start Quick Task
    ${done} =    Wait For Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Get Task State    ${task}    ==    completed    timeout=1s

Wait For Tasks Waits For Every Task Given
    ${one} =    Start Quick Task
    ${two} =    Start Quick Task
    ${done} =    Wait For Tasks    ${one}    ${two}
    ${hrefs} =    Evaluate    [t["pulp_href"] for t in $done]
    Should Contain    ${hrefs}    ${one}
    Should Contain    ${hrefs}    ${two}
    FOR    ${task}    IN    @{done}
        Should Be Equal    ${task}[state]    completed
    END

Wait For All Tasks With Scope Mine And Scope Hub
    ${one} =    Start Quick Task
    Wait For All Tasks    scope=mine    timeout=60s
    Get Task State    ${one}    ==    completed    timeout=1s
    ${two} =    Start Quick Task
    Wait For All Tasks    scope=hub    timeout=60s
    Get Task State    ${two}    ==    completed    timeout=1s

Cancel Task Ends A Running Task Canceled
    ${task} =    Start Stalled Task
    Get Task State    ${task}    ==    running
    ${canceled} =    Cancel Task    ${task}
    Should Be Equal    ${canceled}[state]    canceled

List Tasks Filters By State And Name
    ${task} =    Start Held Task    pulp_suite_listed
    ${info} =    Get Task    ${task}
    ${running} =    List Tasks    state=running    name=${info}[name]
    ${hrefs} =    Evaluate    [t["pulp_href"] for t in $running]
    Should Contain    ${hrefs}    ${task}
    ${finished} =    List Tasks    state=completed,failed    name=${info}[name]
    ${hrefs} =    Evaluate    [t["pulp_href"] for t in $finished]
    Should Not Contain    ${hrefs}    ${task}
    Cancel Task    ${task}

Create Long Running Task Stays Running While Workers Do Other Work
    [Documentation]    Workers wake on every dispatch and fail "running" tasks nobody holds;
    ...    the held task must survive that on both pulpcore generations.
    ${held} =    Create Long Running Task    name=pulp_suite_held
    ${one} =    Start Quick Task
    ${two} =    Start Quick Task
    Wait For Tasks    ${one}    ${two}
    Sleep    3s    reason=workers look for abandoned tasks after a dispatch; give them time
    Get Task State    ${held}    ==    running    timeout=1s
    Wait For All Tasks    scope=mine    exclude=pulp_suite_held    timeout=60s
    ${canceled} =    Cancel Task    ${held}
    Should Be Equal    ${canceled}[state]    canceled

Failed Task Fails The Wait With The Task's Error In One Line
    ${task} =    Start Failing Task
    ${error} =    Run Keyword And Expect Error    *    Wait For Task    ${task}
    Should Contain    ${error}    ended failed (expected completed)
    Error Should Be One Line    ${error}
    ${failed} =    Task Should Have Failed    ${task}
    Should Not Be Empty    ${failed}[error][description]

Failed Task Is Reported By Wait For All Tasks
    Start Failing Task
    ${error} =    Run Keyword And Expect Error    *    Wait For All Tasks    scope=mine
    Should Contain    ${error}    ended failed
    Wait For All Tasks    scope=mine

Timeouts Say How Long And What Is Still Running
    ${task} =    Start Held Task    pulp_suite_timeout
    ${info} =    Get Task    ${task}
    ${error} =    Run Keyword And Expect Error    *    Wait For Task    ${task}    timeout=1.5s
    Should Start With    ${error}    Timed out after 1.5 s waiting for task
    Should Contain    ${error}    ${info}[name] is running
    Error Should Be One Line    ${error}
    ${error} =    Run Keyword And Expect Error    *    Wait For All Tasks    scope=mine    timeout=2s
    Should Start With    ${error}    Timed out after 2 s waiting for all tasks
    Run Keyword And Expect Error    *waited 1 s*
    ...    Get Task State    ${task}    ==    completed    timeout=1s
    Cancel Task    ${task}

Unknown Task Id Fails At Once
    ${error} =    Run Keyword And Expect Error    *
    ...    Wait For Task    01234567-89ab-7def-8123-456789abcdef
    Should Contain    ${error}    01234567-89ab-7def-8123-456789abcdef was not found

Waits Use A Session Cookie
    [Documentation]    Both servers offer a cookie login (galaxy's, pulpcore 3.123's own):
    ...    no request of a wait pays for a password check. The server's own time for
    ...    each request of this suite is logged from the local Pulp's access log.
    ${task} =    Start Quick Task
    Wait For Task    ${task}
    Library Login Should Be    session
    Log Server Request Times
