*** Settings ***
Documentation       The local hub's API, workers and PostgreSQL restarted at seeded random moments
...                 while keywords wait (uploads, approvals, a sync): every round must end in the
...                 true final state of its tasks, read from the API afterwards (no false pass,
...                 no false failure). A worker killed under a running sync is reported as gone.
...                 This suite restarts the hub it runs on: the test command runs it alone, last.
Library             OperatingSystem
Library             Process
Library             ../tools/Chaos.py
Library             ../tools/EmptyUpstream.py
Resource            ../resources/hub.resource
Suite Setup         Prepare Chaos
Suite Teardown      Leave The Hub Healthy
Test Tags           chaos


*** Variables ***
${ROUNDS}           20


*** Test Cases ***
Waits Ride Out Restarts Of API, Workers And Database
    ${plan} =    Plan Chaos Rounds    ${ROUNDS}
    FOR    ${round}    IN    @{plan}
        Chaos Round    ${round}
    END
    Chaos Rounds Should Be Honest
    [Teardown]    Log Chaos Table

Worker Killed During A Running Sync Is Reported As Gone
    ${sync} =    Start Long Running Sync
    ${n} =    Get Local Hub Worker Of Task    ${sync}
    ${pid} =    Kill Local Hub Worker    ${n}
    ${error} =    Run Keyword And Expect Error    *    Wait For Task    ${sync}    timeout=25s
    Should Match Regexp    ${error}    (Worker has gone missing|its worker ${pid}@\\S+ is gone)
    Error Should Be One Line    ${error}
    # A supervisor would start the worker again: the new one fails the abandoned task.
    Restart Local Hub Service    worker-${n}
    ${task} =    Wait For Task    ${sync}    expected=failed    timeout=30s
    Should Be Equal    ${task}[error][reason]    Worker has gone missing.

Local Hub Keywords Refuse Any Other Hub
    Import Library    HubTaskLibrary    base_url=http://127.0.0.1:9    AS    OtherHub
    ${error} =    Run Keyword And Expect Error    *    OtherHub.Restart Local Hub Service    api
    Should Start With    ${error}    Restart Local Hub Service works only on the local hub
    Error Should Be One Line    ${error}
    ${error} =    Run Keyword And Expect Error    *    OtherHub.Kill Local Hub Worker    1
    Should Start With    ${error}    Kill Local Hub Worker works only on the local hub
    ${error} =    Run Keyword And Expect Error    *
    ...    HubTaskLibrary.Restart Local Hub Service    worker-9
    Should Contain    ${error}    give worker-1 .. worker-2, not worker-9
    Error Should Be One Line    ${error}


*** Keywords ***
Prepare Chaos
    [Documentation]    A namespace, a remote on the empty upstream, a repository, and
    ...    collections in staging for the approval rounds (each round takes one).
    ${namespace} =    Fresh Namespace
    VAR    ${NS}    ${namespace}    scope=SUITE
    ${url} =    Start Empty Upstream
    ${remote} =    Fresh Name    chaos_up
    ${repo} =    Fresh Name    chaos_repo
    Create Remote    ${remote}    ${url}
    Create Repository    ${repo}
    VAR    ${REMOTE}    ${remote}    scope=SUITE
    VAR    ${REPO}    ${repo}    scope=SUITE
    VAR    @{pool}    @{EMPTY}
    FOR    ${i}    IN RANGE    8
        Upload Collection    ${namespace}    pool${i}    wait=False
        Append To List    ${pool}    pool${i}
    END
    Wait For All Tasks    scope=mine
    VAR    ${POOL}    ${pool}    scope=SUITE

Chaos Round
    [Documentation]    One round: restart at the planned moment, run the operation, judge it.
    [Arguments]    ${plan}
    VAR    ${op}    ${plan}[operation]
    VAR    ${name}    c${plan}[round]
    IF    $op == 'approve'
        ${name} =    Remove From List    ${POOL}    0
    END
    Start Chaos Round    ${plan}
    ${status}    ${message} =    Run Keyword And Ignore Error    Run Operation    ${op}    ${name}
    Mark Keyword End
    VAR    ${rerun}    ${EMPTY}
    IF    $status == 'FAIL' and 'not re-sent' in $message
        ${rerun} =    Re-run After A Lost Answer    ${op}    ${name}
    END
    End Chaos Round    ${status}    ${message}    ${rerun}

Run Operation
    [Documentation]    The keyword whose wait the restart hits.
    [Arguments]    ${op}    ${name}
    IF    $op == 'upload'
        Upload Collection    ${NS}    ${name}
    ELSE IF    $op == 'approve'
        Approve Collection    ${NS}    ${name}
    ELSE
        Sync Repository    ${REPO}    remote=${REMOTE}
    END

Re-run After A Lost Answer
    [Documentation]    The step is safe to repeat: it passes, or says the first one reached the hub.
    [Arguments]    ${op}    ${name}
    ${status}    ${message} =    Run Keyword And Ignore Error    Run Operation    ${op}    ${name}
    IF    $status == 'FAIL' and 'did reach the hub' in $message    RETURN    reached
    RETURN    ${status}

Leave The Hub Healthy
    [Documentation]    Every service up (``hubtask hub status``), no process left behind.
    Stop Empty Upstream
    ${result} =    Run Process    hubtask    hub    status
    Log    ${result.stdout}
    Should Be Equal As Integers    ${result.rc}    0    hubtask hub status: ${result.stdout}
    Should Not Contain    ${result.stdout}    stopped
    Hub Should Have No Stray Processes
