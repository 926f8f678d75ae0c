*** Settings ***
Documentation    Tasks started through the API show in the task list, filtered by name and
...              by state, with the UI's labels; a failed task shows its error.

Resource         ui.resource

Test Tags        ui    list    prefix


*** Test Cases ***
API Tasks Show In The Filtered Task List With The Right Labels
    ${ns} =    Fresh Name    uins
    Create Namespace    ${ns}
    ${good} =    Upload Collection    ${ns}    good
    ${bad} =    Upload Corrupt Artifact    ${ns}
    ${failed} =    Task Should Have Failed    ${bad}
    ${runner} =    Fresh Name    iamrunning
    ${running} =    Create Long Running Task    name=${runner}
    # By name: exactly the running task, labelled Running.
    ${rows} =    Open Task List    name=${runner}
    Length Should Be    ${rows}    1
    Should Be Equal    ${rows}[0][status]    Running
    Task Status In UI Should Be    ${running}    running
    UI Task Status Should Match API    ${running}
    # By state: the failed import among the failed tasks, labelled Failed.
    Open Task List    state=failed
    Task Status In UI Should Be    ${bad}    Failed
    # By name and state: the completed import.
    ${import} =    Get Task    ${good}
    Open Task List    name=${import}[name]    state=completed
    Task Status In UI Should Be    ${good}    completed
    # The failed task's detail page shows its error.
    Open Task Detail    ${bad}
    Task Status In UI Should Be    ${bad}    failed
    Get Text    h2 >> text="Error message"    ==    Error message
    Get Text    h3 >> text="Description"    ==    Description
    ${error} =    Get Task Error In UI    ${bad}
    ${first} =    Evaluate    $failed['error']['description'].strip().splitlines()[0]
    Should Contain    ${error}    ${first}
    [Teardown]    Run Keyword And Ignore Error    Stop If Unfinished    ${running}


*** Keywords ***
Upload Corrupt Artifact
    [Documentation]    Starts the import of an artifact that is not a tarball; returns its task.
    [Arguments]    ${ns}
    VAR    ${path}    ${OUTPUT DIR}${/}artifacts${/}${ns}-corrupt-1.0.0.tar.gz
    Create File    ${path}    this is not a tarball
    ${task} =    Upload Collection    ${ns}    corrupt    path=${path}    wait=False
    RETURN    ${task}
