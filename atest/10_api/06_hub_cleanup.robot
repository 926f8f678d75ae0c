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
    ${full} =    Get Hub Counts
    Should Be Equal As Integers    ${full}[users]    ${{ $before['users'] + 3 }}
    Should Be Equal As Integers    ${full}[collections]    ${{ $before['collections'] + 3 }}

    ${error} =    Run Keyword And Expect Error    Cannot delete ${p}_ns1.lib: ${p}_ns2.tool depends on it*
    ...    Delete Collections    namespace=${p}_ns1
    Error Should Be One Line    ${error}
    ${same} =    Get Hub Counts
    Should Be Equal As Integers    ${same}[collections]    ${full}[collections]
    ${gone} =    Delete Collections    namespace=${p}_ns2
    Should Be Equal    ${gone}    ${{ [$p + "_ns2.tool"] }}
    ${gone} =    Delete Namespaces    ${p}_ns*
    Should Be Equal    ${gone}    ${{ [$p + "_ns1", $p + "_ns2"] }}
    ${gone} =    Delete Repositories    ${p}_repo*
    Length Should Be    ${gone}    2
    Delete Remotes    ${p}_*
    ${gone} =    Delete Users    ${p}_*
    Length Should Be    ${gone}    3
    ${gone} =    Delete Groups    ${p}_*
    Length Should Be    ${gone}    3

    ${after} =    Get Hub Counts
    Dictionaries Should Be Equal    ${after}    ${before}
    User Should Exist    admin
    ${inventory} =    Get Hub Inventory
    FOR    ${name}    IN    @{DEFAULT_REPOSITORIES}
        List Should Contain Value    ${inventory}[repositories]    ${name}
        List Should Contain Value    ${inventory}[distributions]    ${name}
    END
    ${left} =    Get Created Resources
    Should Be Empty    ${left}
    [Teardown]    Delete Created Resources

Globs Keep What The Hub Needs
    [Documentation]    ``*`` matches the hub's own repositories, remotes and the admin user,
    ...    yet none is deleted (a literal name is refused: see the bad-input suite).
    ${kept} =    Delete Repositories    [prsc]*[dn]
    Should Be Empty    ${kept}
    ${kept} =    Delete Remotes    [cr]*
    Should Be Empty    ${kept}
    ${kept} =    Delete Users    admi?
    Should Be Empty    ${kept}
    User Should Exist    admin
    ${inventory} =    Get Hub Inventory
    FOR    ${name}    IN    @{DEFAULT_REPOSITORIES}
        List Should Contain Value    ${inventory}[repositories]    ${name}
    END
    List Should Contain Value    ${inventory}[remotes]    community
    List Should Contain Value    ${inventory}[remotes]    rh-certified
