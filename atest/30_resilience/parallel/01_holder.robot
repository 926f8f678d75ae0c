*** Settings ***
Documentation       Holds a long-running task (created with this process's correlation id)
...                 until the other processes are done, then cancels it.
Resource            parallel.resource
Suite Teardown      Delete Created Resources
Test Tags           resilience    parallel


*** Test Cases ***
Hold A Long Running Task While The Others Wait For Their Own
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${name}    hubtask_holder_${suffix}
    VAR    ${HELD}    ${None}    scope=TEST
    ${task} =    Create Long Running Task    name=${name}
    VAR    ${HELD}    ${task}    scope=TEST
    Set Parallel Value For Key    holder_name    ${name}
    # Plain strings: the values travel to the other processes over XML-RPC.
    Set Parallel Value For Key    holder_task    ${{ str($task) }}
    ${ns} =    Fresh Namespace For This Process
    Upload Collection    ${ns}    held    wait=False
    # My own scope holds the long task too: leave it out by name.
    Wait For All Tasks    scope=mine    exclude=${name}
    Collection Should Exist    ${ns}    held    repository=staging
    ${pabot} =    Under Pabot
    IF    ${pabot}
        Wait Until Keyword Succeeds    5 min    1 s    All Workers Should Be Done
    END
    Get Task State    ${task}    ==    running
    ${canceled} =    Cancel Task    ${task}
    Should Be Equal    ${canceled}[state]    canceled
    [Teardown]    Run Keyword If Test Failed    Holder Failed


*** Keywords ***
Holder Failed
    [Documentation]    Tells the workers not to wait for the holder, and cancels its task.
    Set Parallel Value For Key    holder_task    FAILED
    ${held_task} =    Get Variable Value    ${HELD}    ${None}
    IF    $held_task is not None    Run Keyword And Ignore Error    Cancel Task    ${HELD}
