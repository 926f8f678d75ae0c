*** Settings ***
Documentation       What only plain Pulp shows: discovery without a galaxy API, galaxy-only
...                 keywords refused in one line, an API-less path reported as such.
Resource            pulp.resource
Suite Setup         Skip If    '${SERVER}' != 'pulp'    only against plain Pulp (SERVER=pulp)
Test Tags           pulp    api


*** Test Cases ***
Discovery Finds Plain Pulp Through Its Status Endpoint
    ${task} =    Start Quick Task
    Should Start With    ${task}    /pulp/api/v3/tasks/
    Wait For Task    ${task}

Galaxy Only Keywords Fail At Once In One Line
    ${error} =    Run Keyword And Expect Error    *    Create Namespace    ns_nowhere
    Should Contain    ${error}    is plain Pulp (api_prefix=/): it has no galaxy API
    Error Should Be One Line    ${error}
    Run Keyword And Expect Error    *has no galaxy API*    Upload Collection    ns_nowhere    thing

Explicit Root Prefix Works And A Galaxy Prefix Says No API Lives There
    # Through the environment like the suite's own import (no password in an import
    # line); distinct timeouts, or Robot would hand out the same instance again.
    Set Environment Variable    HUB_API_PREFIX    /
    Import Library    HubTaskLibrary    timeout=61s    AS    RootPrefix
    ${tasks} =    RootPrefix.List Tasks    limit=1
    Length Should Be    ${tasks}    1
    Set Environment Variable    HUB_API_PREFIX    /api/galaxy/
    Import Library    HubTaskLibrary    timeout=62s    AS    WrongPrefix
    Remove Environment Variable    HUB_API_PREFIX
    ${error} =    Run Keyword And Expect Error    *
    ...    WrongPrefix.Get Task    ${tasks}[0]
    Should Contain    ${error}    no hub API at this path
    Should Not Contain    ${error}    was not found on the hub
