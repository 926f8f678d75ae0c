*** Settings ***
Documentation       A wait that runs out of time reports the timeout with the unfinished task's last
...                 known state, however its last look went: through a proxy faulting 30 % of the
...                 task polls (every timed-out wait names the task), and through one failing every
...                 task poll (the last look fails on purpose: the message says so, and why).
Library             ../tools/FaultProxy.py
Suite Setup         Start Proxies And Hold A Task
Suite Teardown      Release The Task And Stop The Proxies
Test Tags           resilience    faults


*** Variables ***
${ROUNDS}           5
${TASK_PATHS}       */pulp/api/v3/tasks/*


*** Test Cases ***
Timed Out Waits Name Their Unfinished Task Through 30 % Faulted Polls
    FOR    ${_}    IN RANGE    ${ROUNDS}
        ${error} =    Run Keyword And Expect Error    *    Faulty.Wait For Task    ${TASK}    timeout=2s
        Should Match    ${error}    Timed out after 2 s waiting for task (*): ${NAME} is running (*
        Should Not Contain    ${error}    \n
        ${error} =    Run Keyword And Expect Error    *
        ...    Faulty.Wait For All Tasks    timeout=2s    scope=mine
        Should Match    ${error}    Timed out after 2 s waiting for all tasks (*): ${NAME} is running (*
        Should Not Contain    ${error}    \n
    END
    ${faults} =    Get Fault Count    url=${FAULTY_URL}
    Should Be True    ${faults} > 0    No task poll was faulted.

The Last Look Fails On Purpose Through 30 % Faulted Polls And The Task Is Still Named
    # 30 % of the polls faulted for 1.2 s, then every one (503): the looks before
    # the deadline fail, the message still names the task as last read.
    FOR    ${_}    IN RANGE    ${ROUNDS}
        Schedule Fault After    1.2    503    path=${TASK_PATHS}    times=1000    url=${FAULTY_URL}
        ${error} =    Run Keyword And Expect Error    *    Faulty.Wait For Task    ${TASK}    timeout=2s
        Clear Scheduled Faults    url=${FAULTY_URL}
        Should Match    ${error}    Timed out after 2 s waiting for task (*): ${NAME} is running (*
        Should Contain    ${error}    . The last look failed: GET${SPACE}
        Should Not Contain    ${error}    \n
        Schedule Fault After    1.2    503    path=${TASK_PATHS}    times=1000    url=${FAULTY_URL}
        ${error} =    Run Keyword And Expect Error    *
        ...    Faulty.Wait For All Tasks    timeout=2s    scope=mine
        Clear Scheduled Faults    url=${FAULTY_URL}
        Should Match    ${error}    Timed out after 2 s waiting for all tasks (*): ${NAME} is running (*
        Should Contain    ${error}    . The last look failed: GET${SPACE}
        Should Not Contain    ${error}    \n
    END

A Failed Last Look Still Reports The Timeout And Why
    ${error} =    Run Keyword And Expect Error    *    Broken.Wait For Task    ${TASK}    timeout=2s
    Should Match    ${error}    Timed out after 2 s waiting for task (*): * is not read yet (*
    Should Contain    ${error}    The last look failed: GET
    Should Contain    ${error}    failed with 503 Service Unavailable
    Should Not Contain    ${error}    \n
    ${error} =    Run Keyword And Expect Error    *    Broken.Get Task State    ${TASK}    ==    completed
    ...    timeout=2s
    Should Match    ${error}    Task state: no read succeeded within 2 s. The last look failed: GET *503*


*** Keywords ***
Start Proxies And Hold A Task
    [Documentation]    One proxy faulting 30 % of task polls (any transient kind), one faulting
    ...    all of them with 503; the library through each; a task that runs until canceled.
    ${url} =    Start Fault Proxy    seed=19    rate=0.3    paths=${TASK_PATHS}    new_task_404=${False}
    VAR    ${FAULTY_URL}    ${url}    scope=SUITE
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    api_prefix=%{HUB_API_PREFIX}    timeout=30s    AS    Faulty
    ${url} =    Start Fault Proxy    seed=19    rate=1.0    kinds=${{ ["503"] }}    paths=${TASK_PATHS}
    ...    new_task_404=${False}
    VAR    ${BROKEN_URL}    ${url}    scope=SUITE
    Import Library    HubTaskLibrary    base_url=${url}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    api_prefix=%{HUB_API_PREFIX}    timeout=30s    AS    Broken
    ${suffix} =    Evaluate    secrets.token_hex(4)    modules=secrets
    VAR    ${NAME}    hubtask_never_ends_${suffix}    scope=SUITE
    ${task} =    Faulty.Create Long Running Task    name=${NAME}    lifetime=10 min
    VAR    ${TASK}    ${task}    scope=SUITE

Release The Task And Stop The Proxies
    [Documentation]    Cancels the task (straight to the hub) and stops both proxies.
    Import Library    HubTaskLibrary    timeout=30s    AS    Direct
    Run Keyword And Ignore Error    Direct.Cancel Task    ${TASK}
    Stop Fault Proxy    ${BROKEN_URL}
    Stop Fault Proxy    ${FAULTY_URL}
