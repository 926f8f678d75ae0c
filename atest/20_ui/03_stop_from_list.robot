*** Settings ***
Documentation    The seed's iamrunning task stopped from the task list page.

Resource         ui.resource

Test Tags        ui    stop


*** Test Cases ***
Iamrunning Task Stops From The Task List
    ${name} =    Fresh Name    iamrunning
    ${task} =    Create Long Running Task    name=${name}
    Open Task List    name=${name}
    Task Status In UI Should Be    ${task}    Running
    ${stopped} =    Stop Task In UI    ${task}    location=list
    Should Be Equal    ${stopped}[state]    canceled
    Wait Until Task Status In UI Is    ${task}    canceled    timeout=20s
    UI Task Status Should Match API    ${task}
    [Teardown]    Run Keyword And Ignore Error    Stop If Unfinished    ${task}
