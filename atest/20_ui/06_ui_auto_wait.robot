*** Settings ***
Documentation    The approval and version-delete flows again with ui_auto_wait=True and no
...              explicit wait: each Browser keyword that led the page to start tasks
...              returns once they are over, and a failing task fails that keyword.
...              (This suite imports its own library instance, not ui.resource's.)

Library          HubTaskLibrary    timeout=90s    ui_auto_wait=True
Library          Browser    timeout=20s
Resource         hub_pages.resource

Suite Setup      Upload Collections For Auto Wait
Test Tags        ui    autowait    prefix


*** Test Cases ***
Approve And Reject From The Approval Dashboard Without An Explicit Wait
    Go To    ${UI}/approval-dashboard/?namespace=${NS}
    Click    css=[data-cy="ApprovalRow-staging-${NS}-approveme"] [data-cy=approve-button]
    Collection Should Exist    ${NS}    approveme    repository=published
    Collection Should Not Exist    ${NS}    approveme    repository=staging
    Click    css=[data-cy="ApprovalRow-staging-${NS}-rejectme"] [data-cy=kebab-toggle] button
    Click    css=[data-cy="ApprovalRow-staging-${NS}-rejectme"] a[role=menuitem]:text-is("Reject")
    Collection Should Exist    ${NS}    rejectme    repository=rejected
    Collection Should Not Exist    ${NS}    rejectme    repository=staging

Delete A Collection Version From Its Page Without An Explicit Wait
    Go To    ${UI}/repo/published/${NS}/versions/?version=1.0.0
    Open Collection Menu And Choose    Delete version 1.0.0 from system
    Check Checkbox    id=delete_confirm
    Click    css=[data-cy=delete-button] button
    Collection Should Not Exist    ${NS}    versions    1.0.0    repository=published
    Collection Should Exist    ${NS}    versions    2.0.0    repository=published

A Failing Task Fails The Browser Keyword That Started It
    ${name} =    Fresh Name    uiauto404
    Create Remote    ${name}    %{HUB_URL}/nothing-here-${name}/
    Create Repository    ${name}    remote=${name}
    Go To    ${UI}/ansible/repositories/${name}/
    Click    button:text-is("Sync")
    ${error} =    Run Keyword And Expect Error    *sync ended failed*404*
    ...    Click    css=[data-cy=sync-button] button
    Should Not Contain    ${error}    \n
    [Teardown]    Remove Auto Wait Repository    ${name}


*** Keywords ***
Upload Collections For Auto Wait
    [Documentation]    A namespace with collections to approve, reject and delete.
    ${ns} =    Fresh Name    uiauto
    VAR    ${NS}    ${ns}    scope=SUITE
    Create Namespace    ${NS}
    ${a} =    Upload Collection    ${NS}    approveme    wait=False
    ${b} =    Upload Collection    ${NS}    rejectme    wait=False
    ${c} =    Upload Collection    ${NS}    versions    1.0.0    wait=False
    ${d} =    Upload Collection    ${NS}    versions    2.0.0    wait=False
    Wait For Tasks    ${a}    ${b}    ${c}    ${d}
    Approve Collection    ${NS}    versions    1.0.0
    Approve Collection    ${NS}    versions    2.0.0

Remove Auto Wait Repository
    [Documentation]    Clean-up of a repository and its remote of the same name.
    [Arguments]    ${name}
    Run Keyword And Ignore Error    Delete Repository    ${name}
    Run Keyword And Ignore Error    Delete Remote    ${name}
