*** Settings ***
Documentation    A container sync started from the Execution Environments page, followed
...              through its alert to its task page and to Completed.

Resource         ui.resource
Resource         ../resources/registry.resource

Suite Setup      Loopback Registry Is Up
Suite Teardown   Delete Created Resources

Test Tags        ui    container    prefix


*** Test Cases ***
Sync From The Execution Environments Page Is Followed To Completed
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    uiee
    Create Remote Container    ${name}    hubtask/minimal    ${registry}
    ${task} =    Sync Container In UI    ${name}
    ${alert} =    Wait For Task Alert    Sync started for execution environment "${name}".
    Should Be Equal    ${alert}[variant]    info
    Should Be Equal    ${alert}[task]    ${task}
    ${opened} =    Open Task From Alert    Sync started for execution environment "${name}".
    Should Be Equal    ${opened}    ${task}
    Wait Until Task Status In UI Is    ${task}    Completed    timeout=60s
    Get Task State    ${task}    ==    completed
    UI Task Status Should Match API    ${task}
    Container Should Have Tag    ${name}    latest

Sync From The Detail Page Shows The Alert Of Its Own Wording
    [Documentation]    Hub 4.9's detail page words the same alert "remote registry".
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    uiee
    Create Remote Container    ${name}    hubtask/other    ${registry}
    ${task} =    Sync Container In UI    ${name}    page=detail
    ${alert} =    Wait For Task Alert    Sync started for remote registry "${name}".
    Should Be Equal    ${alert}[task]    ${task}
    Wait For Task    ${task}
    Container Should Have Tag    ${name}    1.0
