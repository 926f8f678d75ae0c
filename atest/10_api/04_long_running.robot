*** Settings ***
Documentation       Long-running tasks: the seed's iamrunning row, a real never-ending sync,
...                 cancel, and Wait For All Tasks with exclude and timeouts.
Resource            ../resources/hub.resource
Test Tags           api    long-running


*** Test Cases ***
Wait For All Tasks Excludes An Iamrunning Task And Times Out Clearly Without Exclusion
    ${task} =    Create Long Running Task    name=iamrunning
    Get Task State    ${task}    ==    running
    Wait For All Tasks    exclude=iamrunning    timeout=30s
    ${error} =    Run Keyword And Expect Error    *
    ...    Wait For All Tasks    timeout=2s
    Should Start With    ${error}    Timed out after 2 s waiting for all tasks
    Should Contain    ${error}    iamrunning is running
    Error Should Be One Line    ${error}
    ${canceled} =    Cancel Task    ${task}
    Should Be Equal    ${canceled}[state]    canceled
    Wait For All Tasks    timeout=30s

Wait For Task Timeout Says How Long, The State And The Link
    ${task} =    Create Long Running Task    name=iamrunning_timeout
    ${error} =    Run Keyword And Expect Error    *    Wait For Task    ${task}    timeout=1.5s
    Should Start With    ${error}    Timed out after 1.5 s waiting for task
    Should Contain    ${error}    iamrunning_timeout is running
    Should Contain    ${error}    /ui/task/
    Cancel Task    ${task}

Real Sync That Never Ends Can Be Canceled
    ${task} =    Start Long Running Sync    repository=community
    Get Task State    ${task}    ==    running
    ${tasks} =    List Tasks    state=running    name=sync
    ${hrefs} =    Evaluate    [t["pulp_href"] for t in $tasks]
    Should Contain    ${hrefs}    ${task}
    Run Keyword And Expect Error    *ended canceled (expected completed)*
    ...    Run Keywords    Cancel Task    ${task}    wait=False
    ...    AND    Wait For Task    ${task}
    Get Task State    ${task}    ==    canceled

Get Task State Accepts UI Labels And Waits For The Assertion
    ${task} =    Create Long Running Task    name=iamrunning_labels
    Get Task State    ${task}    ==    Running
    Cancel Task    ${task}    wait=False
    Get Task State    ${task}    ==    Canceled    timeout=30s
    Run Keyword And Expect Error    *waited 1 s*
    ...    Get Task State    ${task}    ==    completed    timeout=1s

Long Running Task Stays Running While Workers Do Other Work
    [Documentation]    Workers wake on every dispatch and fail "running" tasks nobody holds;
    ...    the held task must survive that.
    ${task} =    Create Long Running Task    name=iamrunning_busy
    ${ns} =    Fresh Namespace
    Upload Collection    ${ns}    busy_one
    Upload Collection    ${ns}    busy_two
    Get Task State    ${task}    ==    running    timeout=1s
    ${canceled} =    Cancel Task    ${task}
    Should Be Equal    ${canceled}[state]    canceled
    Delete Collection    ${ns}    busy_one    repository=staging
    Delete Collection    ${ns}    busy_two    repository=staging
    Delete Namespace    ${ns}
