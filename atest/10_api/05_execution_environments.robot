*** Settings ***
Documentation       Execution environments against the real hub and the loopback registry:
...                 registries, remote containers, their sync and delete tasks, pushes.
Resource            ../resources/hub.resource
Resource            ../resources/registry.resource
Suite Setup         Loopback Registry Is Up
Suite Teardown      Delete Created Resources
Test Tags           container


*** Test Cases ***
Sync A Remote Container And Sync Again After A New Tag Was Pushed
    [Tags]    prefix
    ${upstream} =    Fresh Upstream Image    1.0
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    ee
    Create Remote Container    ${name}    ${upstream}    ${registry}
    ${task} =    Sync Container    ${name}
    Get Task State    ${task}    ==    completed
    Container Should Have Tag    ${name}    1.0
    Container Should Not Have Tag    ${name}    2.0
    Push Test Image    ${REGISTRY_URL}    ${upstream}    2.0
    ${again} =    Sync Container    ${name}
    Get Task State    ${again}    ==    completed
    Container Should Have Tag    ${name}    2.0
    ${tags} =    Get Container Tags    ${name}
    Should Be Equal    ${tags}    ${{["1.0", "2.0"]}}

Include Tags Limit What A Sync Fetches
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    ee
    Create Remote Container    ${name}    hubtask/minimal    ${registry}    include_tags=${{["1.0"]}}
    Sync Container    ${name}
    Container Should Have Tag    ${name}    1.0
    Container Should Not Have Tag    ${name}    latest

A Sync From A Missing Upstream Fails With The Hub's Error
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    ee
    Create Remote Container    ${name}    hubtask/no_such_image    ${registry}
    ${message} =    Run Keyword And Expect Error
    ...    Sync of container '${name}' failed: *synchronize ended failed*404*/v2/hubtask/no_such_image/*
    ...    Sync Container    ${name}
    Error Should Be One Line    ${message}

Delete A Container Waits For Its Task
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    ee
    Create Remote Container    ${name}    hubtask/other    ${registry}
    Sync Container    ${name}
    Container Should Exist    ${name}
    ${task} =    Delete Container    ${name}
    Get Task State    ${task}    ==    completed
    Container Should Not Exist    ${name}
    Delete Registry    ${registry}
    ${left} =    Get Registries    ${registry}
    Should Be Empty    ${left}

Push An Image Into The Hub And See It Listed
    ${ns} =    Fresh EE Name    pushed
    VAR    ${name}    ${ns}/minimal
    ${target} =    Push Image To Hub    ${REGISTRY_HOST}/hubtask/minimal:1.0    ${name}    7.1
    Should End With    ${target}    /${name}:7.1
    ${listed} =    Get Containers    ${ns}/*
    Should Be Equal    ${listed}    ${{[$name]}}
    Container Should Have Tag    ${name}    7.1

Hub-Wide Cleanup Deletes Containers And Registries By Pattern
    ${prefix} =    Fresh EE Name    wipe
    Create Registry    ${prefix}_reg    ${REGISTRY_URL}
    Create Remote Container    ${prefix}_a    hubtask/other    ${prefix}_reg
    Create Remote Container    ${prefix}_b    hubtask/other    ${prefix}_reg
    ${gone} =    Delete Containers    ${prefix}_*
    Should Be Equal    ${gone}    ${{[$prefix + "_a", $prefix + "_b"]}}
    ${gone} =    Delete Registries    ${prefix}_*
    Should Be Equal    ${gone}    ${{[$prefix + "_reg"]}}
    Container Should Not Exist    ${prefix}_a
    ${left} =    Get Created Resources
    Should Not Contain    ${left}    container ${prefix}_a

Delete Created Resources Covers Containers And Registries
    ${registry} =    Fresh Registry
    ${name} =    Fresh EE Name    ee
    Create Remote Container    ${name}    hubtask/other    ${registry}
    ${deleted} =    Delete Created Resources
    Should Contain    ${deleted}    container ${name}
    Should Contain    ${deleted}    registry ${registry}
    Container Should Not Exist    ${name}
    ${left} =    Get Registries    ${registry}
    Should Be Empty    ${left}
