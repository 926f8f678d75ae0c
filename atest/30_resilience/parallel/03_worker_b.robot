*** Settings ***
Documentation       Creates and waits on its own content with ``scope=mine`` while the holder
...                 process keeps a task running; the hub-wide wait sees that task.
Resource            parallel.resource
Suite Teardown      Delete Created Resources
Test Tags           resilience    parallel


*** Test Cases ***
Scope Mine Does Not Wait For Another Process's Task
    ${pabot} =    Under Pabot
    IF    ${pabot}
        ${held}    ${held_name} =    Wait For The Holder
    END
    ${ns} =    Fresh Namespace For This Process
    Wait For All Tasks    scope=mine
    ${a} =    Upload Collection    ${ns}    first_b    wait=False
    ${b} =    Upload Collection    ${ns}    second_b    wait=False
    ${started} =    Get Time    epoch
    ${waited} =    Wait For All Tasks    scope=mine    timeout=3 min
    ${elapsed} =    Evaluate    time.time() - ${started}    modules=time
    Task Should Be Completed    ${a}
    Task Should Be Completed    ${b}
    Collection Should Exist    ${ns}    second_b    repository=staging
    IF    ${pabot}
        # The holder's task was running the whole time, and was never waited for.
        Get Task State    ${held}    ==    running
        ${names} =    Evaluate    [t["name"] for t in $waited]
        Should Not Contain    ${names}    ${held_name}
        Log    scope=mine wait took ${elapsed} s while ${held_name} kept running.
        # The hub-wide wait does see it.
        Run Keyword And Expect Error    Timed out after 2 s waiting for all tasks*${held_name} is running*
        ...    Wait For All Tasks    timeout=2s
    END

Hub-Wide Wait Still Works
    ${pabot} =    Under Pabot
    VAR    @{exclude}    @{FOREIGN_TASKS}
    IF    ${pabot}
        ${_}    ${held_name} =    Wait For The Holder
        Append To List    ${exclude}    ${held_name}
    END
    ${ns} =    Fresh Namespace For This Process
    Upload Collection    ${ns}    hubwide_b    wait=False
    Wait For All Tasks    exclude=${exclude}    timeout=3 min
    Collection Should Exist    ${ns}    hubwide_b    repository=staging
    [Teardown]    Report Done
