*** Settings ***
Documentation       Hub-wide cleanup keywords (globs, dependency order, what is never deleted).
...                 The hub's counts are read by an independent probe (HubProbe), not by
...                 the library under test.
Resource            ../resources/hub.resource
Library             ../tools/HubProbe.py
Test Tags           api    cleanup    prefix


*** Variables ***
@{DEFAULT_REPOSITORIES}     published    staging    rejected    community    rh-certified    validated


*** Test Cases ***
Cleanup Keywords Leave The Counts As They Were
    [Documentation]    3 users, 3 groups, 2 namespaces with 3 collections (two depending on
    ...    a third, one across namespaces) and 2 repositories with distributions; then the
    ...    cleanup keywords; the counts are back and the hub's own objects untouched.
    ${p} =    Fresh Name    hc
    ${before} =    Get Hub Counts
    Create Test Data    ${p}
    ${full} =    Get Hub Counts
    Should Be Equal As Integers    ${full}[users]    ${{ $before['users'] + 3 }}
    Should Be Equal As Integers    ${full}[collections]    ${{ $before['collections'] + 3 }}
    ${error} =    Run Keyword And Expect Error    Cannot delete ${p}_ns1.lib: ${p}_ns2.tool depends on it*
    ...    Delete Collections    namespace=${p}_ns1
    Error Should Be One Line    ${error}
    ${same} =    Get Hub Counts
    Should Be Equal As Integers    ${same}[collections]    ${full}[collections]
    Delete Test Data    ${p}
    ${after} =    Get Hub Counts
    Dictionaries Should Be Equal    ${after}    ${before}
    Hub Should Keep Its Own Objects
    ${left} =    Get Created Resources
    Should Be Empty    ${left}
    [Teardown]    Delete Created Resources

Globs Keep What The Hub Needs
    [Documentation]    Globs that match the hub's own repositories, remotes and the admin
    ...    user delete none of them (a literal name is refused: see the bad-input suite).
    # Each glob matches one default name only: other suites' objects on a shared hub
    # (the chaos suite's, a pabot process's) are not this test's to delete.
    FOR    ${glob}    IN    publishe?    stagin?    rejecte?    communit?    rh-certifie?    validate?
        ${kept} =    Delete Repositories    ${glob}
        Should Be Empty    ${kept}
    END
    FOR    ${glob}    IN    communit?    rh-certifie?
        ${kept} =    Delete Remotes    ${glob}
        Should Be Empty    ${kept}
    END
    ${kept} =    Delete Users    admi?
    Should Be Empty    ${kept}
    Hub Should Keep Its Own Objects


*** Keywords ***
Create Test Data
    [Documentation]    Users, groups, namespaces, dependent collections, repositories.
    [Arguments]    ${p}
    FOR    ${i}    IN RANGE    1    4
        Create Group    ${p}_group${i}
        Create User    ${p}_user${i}    groups=${p}_group${i}
    END
    Create Namespace    ${p}_ns1    wait=False
    Create Namespace    ${p}_ns2    wait=False
    Wait For All Tasks    scope=mine
    Upload Collection    ${p}_ns1    lib    wait=False
    ${app} =    Build Collection    ${p}_ns1    app    dependencies=${{ {$p + "_ns1.lib": ">=1.0.0"} }}
    Upload Collection    ${p}_ns1    app    path=${app}    wait=False
    ${tool} =    Build Collection    ${p}_ns2    tool    dependencies=${{ {$p + "_ns1.lib": "*"} }}
    Upload Collection    ${p}_ns2    tool    path=${tool}    wait=False
    FOR    ${i}    IN RANGE    1    3
        Create Repository    ${p}_repo${i}
        Create Distribution    ${p}_dist${i}    ${p}_repo${i}    wait=False
    END
    Wait For All Tasks    scope=mine

Delete Test Data
    [Documentation]    The cleanup keywords, each checked for what it deleted.
    [Arguments]    ${p}
    ${gone} =    Delete Collections    namespace=${p}_ns2
    Should Be Equal    ${gone}    ${{ [$p + "_ns2.tool"] }}
    ${gone} =    Delete Namespaces    ${p}_ns*
    Should Be Equal    ${gone}    ${{ [$p + "_ns1", $p + "_ns2"] }}
    ${gone} =    Delete Repositories    ${p}_repo*
    Length Should Be    ${gone}    2
    ${gone} =    Delete Remotes    ${p}_*
    Should Be Empty    ${gone}
    ${gone} =    Delete Users    ${p}_*
    Length Should Be    ${gone}    3
    ${gone} =    Delete Groups    ${p}_*
    Length Should Be    ${gone}    3

Hub Should Keep Its Own Objects
    [Documentation]    The admin user and every default repository, distribution and remote.
    User Should Exist    admin
    ${inventory} =    Get Hub Inventory
    FOR    ${name}    IN    @{DEFAULT_REPOSITORIES}
        List Should Contain Value    ${inventory}[repositories]    ${name}
        List Should Contain Value    ${inventory}[distributions]    ${name}
    END
    List Should Contain Value    ${inventory}[remotes]    community
    List Should Contain Value    ${inventory}[remotes]    rh-certified
