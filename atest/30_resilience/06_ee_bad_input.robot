*** Settings ***
Documentation       Bad input for execution environments, one case per row: each fails with
...                 one line (the hub's own error for failed syncs), and leaves no registry,
...                 container or remembered resource behind.
Resource            ../resources/hub.resource
Resource            ../resources/registry.resource
Suite Setup         Prepare
Suite Teardown      Delete Created Resources
Test Template       Bad EE Input Fails Clearly
Test Tags           resilience    bad-input    container


*** Test Cases ***    KEYWORD    EXPECTED    ARGUMENTS
# One row per case under its test name (read by the template), as in 02_bad_input;
# the expected messages are whole lines of the hub and the library.
# robocop: off=misaligned-continuation,line-too-long
Registry URL That Does Not Answer
    ...    Sync Container
    ...    Sync of container '${DEAD_EE}' failed: Task pulp_container.app.tasks.synchronize.synchronize ended failed (expected completed): Cannot connect to host 127.0.0.1:9 *
    ...    ${DEAD_EE}
Upstream That Does Not Exist
    ...    Sync Container
    ...    Sync of container '${MISSING_EE}' failed: *404, message='Not Found'*/v2/hubtask/no_such_image/tags/list*
    ...    ${MISSING_EE}
Tag That Is Not There
    ...    Sync Container
    ...    Sync of container '${NOTAG_EE}' completed without tag(s) 9.9: its upstream has no such tag (the hub reports no error; tags synced: none).
    ...    ${NOTAG_EE}
Duplicate Registry Name
    ...    Create Registry    Registry '${REGISTRY}' already exists: pick another name.
    ...    ${REGISTRY}    ${REGISTRY_URL}
Duplicate Container Name
    ...    Create Remote Container    Container '${NOTAG_EE}' already exists: pick another name.
    ...    ${NOTAG_EE}    hubtask/minimal    ${REGISTRY}
Container Named Like A Registry
    ...    Create Remote Container    Container name '${REGISTRY}' is taken by a registry (registries and containers share one set of names): pick another name.
    ...    ${REGISTRY}    hubtask/minimal    ${REGISTRY}
Unknown Registry
    ...    Create Remote Container    Registry '${GHOST}' does not exist.
    ...    ${GHOST}    hubtask/minimal    ${GHOST}
Invalid Container Name
    ...    Create Remote Container    Invalid container name 'Bad/Name/x': *
    ...    Bad/Name/x    hubtask/minimal    ${REGISTRY}
Registry URL That Is Not HTTP
    ...    Create Registry    Registry url '127.0.0.1:9' must be an http(s) URL.
    ...    ${GHOST}    127.0.0.1:9
Sync Of An Unknown Container
    ...    Sync Container    Cannot sync container '${GHOST}': it does not exist.
    ...    ${GHOST}
Delete Of An Unknown Container
    ...    Delete Container    Cannot delete container '${GHOST}': it does not exist.
    ...    ${GHOST}
Push Of An Image That Does Not Exist
    ...    Push Image To Hub    Cannot push ${REGISTRY_HOST}/hubtask/no_such_image:1.0 to the hub as ${GHOST}/x:1.0: *
    ...    ${REGISTRY_HOST}/hubtask/no_such_image:1.0    ${GHOST}/x    1.0
Empty Cleanup Pattern
    ...    Delete Containers    pattern is empty: give a glob such as e2e_* (or * for all).
    ...    ${EMPTY}


*** Keywords ***
Prepare
    [Documentation]    A registry for the loopback one and one that does not answer, and
    ...    containers whose syncs fail in each way.
    Loopback Registry Is Up
    ${GHOST} =    Fresh EE Name    ghost
    VAR    ${GHOST}    ${GHOST}    scope=SUITE
    ${REGISTRY} =    Fresh Registry
    VAR    ${REGISTRY}    ${REGISTRY}    scope=SUITE
    ${dead} =    Fresh EE Name    deadreg
    Create Registry    ${dead}    http://127.0.0.1:9
    ${name} =    Fresh EE Name    dead
    Create Remote Container    ${name}    hubtask/minimal    ${dead}
    VAR    ${DEAD_EE}    ${name}    scope=SUITE
    ${name} =    Fresh EE Name    missing
    Create Remote Container    ${name}    hubtask/no_such_image    ${REGISTRY}
    VAR    ${MISSING_EE}    ${name}    scope=SUITE
    ${name} =    Fresh EE Name    notag
    Create Remote Container    ${name}    hubtask/minimal    ${REGISTRY}    include_tags=9.9
    VAR    ${NOTAG_EE}    ${name}    scope=SUITE

Bad EE Input Fails Clearly
    [Documentation]    Runs the keyword, checks its one-line failure and that nothing new
    ...    exists on the hub or in the library's list of created resources.
    [Arguments]    ${keyword}    ${expected}    @{arguments}
    ${containers} =    Get Containers
    ${registries} =    Get Registries
    ${created} =    Get Created Resources
    ${message} =    Run Keyword And Expect Error    ${expected}    ${keyword}    @{arguments}
    Error Should Be One Line    ${message}
    ${after} =    Get Containers
    Should Be Equal    ${after}    ${containers}
    ${after} =    Get Registries
    Should Be Equal    ${after}    ${registries}
    ${after} =    Get Created Resources
    Should Be Equal    ${after}    ${created}
