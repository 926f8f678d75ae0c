*** Settings ***
Documentation    UI flows driven with plain Browser keywords, as a user's suite would, and
...              synchronized only by Wait For UI Tasks: after each wait an API assertion
...              on the result holds at once.

Resource         ui.resource

Suite Setup      Upload Collections For The UI
Test Tags        ui    uitasks    prefix


*** Test Cases ***
Approve And Reject From The Approval Dashboard
    Go To    ${UI}/approval-dashboard/?namespace=${NS}
    Click    css=[data-cy="ApprovalRow-staging-${NS}-approveme"] [data-cy=approve-button]
    ${tasks} =    Wait For UI Tasks
    Should Not Be Empty    ${tasks}
    Collection Should Exist    ${NS}    approveme    repository=published
    Collection Should Not Exist    ${NS}    approveme    repository=staging
    Click    css=[data-cy="ApprovalRow-staging-${NS}-rejectme"] [data-cy=kebab-toggle] button
    Click    css=[data-cy="ApprovalRow-staging-${NS}-rejectme"] a[role=menuitem]:text-is("Reject")
    Wait For UI Tasks
    Collection Should Exist    ${NS}    rejectme    repository=rejected
    Collection Should Not Exist    ${NS}    rejectme    repository=staging

Delete A Collection Version From Its Page
    Go To    ${UI}/repo/published/${NS}/versions/?version=1.0.0
    Open Collection Menu And Choose    Delete version 1.0.0 from system
    Check Checkbox    id=delete_confirm
    Click    css=[data-cy=delete-button] button
    ${tasks} =    Wait For UI Tasks
    Length Should Be    ${tasks}    1
    Collection Should Not Exist    ${NS}    versions    1.0.0    repository=published
    Collection Should Exist    ${NS}    versions    2.0.0    repository=published
    ${alert} =    Wait For Task Alert    kind=version deleted
    Should Be Equal    ${alert}[fields][version]    1.0.0

Copy A Version To Another Repository
    ${repo} =    Fresh Name    uicopy
    Create Repository    ${repo}
    Create Distribution    ${repo}    ${repo}
    Go To    ${UI}/repo/published/${NS}/versions/?version=2.0.0
    Open Collection Menu And Choose    Copy version 2.0.0 to repositories
    Fill Text    css=input[aria-label=name__icontains]    ${repo}
    Keyboard Key    press    Enter
    Check Checkbox    css=[data-cy="ApproveModal-CheckboxRow-row-${repo}"] input[type=checkbox]
    Click    css=.pf-c-modal-box >> button:text-is("Select")
    ${alert} =    Wait For Task Alert    kind=copy started
    Should Be Equal    ${alert}[fields][repository]    ${repo}
    Wait For UI Tasks
    Collection Should Exist    ${NS}    versions    2.0.0    repository=${repo}
    [Teardown]    Remove Repository And Distribution    ${repo}

A Sync From A Remote Answering 404 Fails Wait For UI Tasks In One Line
    ${name} =    Fresh Name    ui404
    Create Remote    ${name}    %{HUB_URL}/nothing-here-${name}/
    Create Repository    ${name}    remote=${name}
    Go To    ${UI}/ansible/repositories/${name}/
    Click    button:text-is("Sync")
    Click    css=[data-cy=sync-button] button
    ${error} =    Run Keyword And Expect Error    *ended failed*
    ...    Wait For UI Tasks
    Error Should Be One Line    ${error}
    ${failed} =    List Tasks    state=failed    name=sync    limit=1
    ${first} =    Evaluate    $failed[0]['error']['description'].strip().splitlines()[0]
    Should Contain    ${error}    ${first}
    Should Contain    ${error}    404
    [Teardown]    Remove Repository And Remote    ${name}

Wait For UI Tasks Returns When The UI's Own Task Ends, Not A Long Task Elsewhere
    ${runner} =    Fresh Name    iamrunning
    ${long} =    Create Long Running Task    name=${runner}
    Go To    ${UI}/approval-dashboard/?namespace=${NS}
    Click    css=[data-cy="ApprovalRow-staging-${NS}-whilebusy"] [data-cy=approve-button]
    ${tasks} =    Wait For UI Tasks    timeout=30s
    Collection Should Exist    ${NS}    whilebusy    repository=published
    ${names} =    Evaluate    [t['name'] for t in $tasks]
    Should Not Contain    ${names}    ${runner}
    Get Task State    ${long}    ==    running    timeout=1s
    [Teardown]    Run Keyword And Ignore Error    Stop If Unfinished    ${long}

Nothing Started Within The Grace Gives An Empty List
    Go To    ${UI}/tasks/
    ${tasks} =    Wait For UI Tasks    grace=0.3s
    Should Be Empty    ${tasks}
    ${tasks} =    Get UI Tasks
    Should Be Empty    ${tasks}


*** Keywords ***
Upload Collections For The UI
    [Documentation]    One namespace with collections for each flow, in staging and published.
    ${ns} =    Fresh Name    uitasks
    VAR    ${NS}    ${ns}    scope=SUITE
    Create Namespace    ${NS}
    ${a} =    Upload Collection    ${NS}    approveme    wait=False
    ${b} =    Upload Collection    ${NS}    rejectme    wait=False
    ${c} =    Upload Collection    ${NS}    whilebusy    wait=False
    ${d} =    Upload Collection    ${NS}    versions    1.0.0    wait=False
    ${e} =    Upload Collection    ${NS}    versions    2.0.0    wait=False
    Wait For Tasks    ${a}    ${b}    ${c}    ${d}    ${e}
    Approve Collection    ${NS}    versions    1.0.0
    Approve Collection    ${NS}    versions    2.0.0
    # Whatever the page did before this suite is not this suite's to wait for.
    Wait For UI Tasks    grace=0s

Remove Repository And Distribution
    [Documentation]    Clean-up of a repository and its distribution of the same name.
    [Arguments]    ${name}
    Run Keyword And Ignore Error    Delete Distribution    ${name}
    Run Keyword And Ignore Error    Delete Repository    ${name}

Remove Repository And Remote
    [Documentation]    Clean-up of a repository and its remote of the same name.
    [Arguments]    ${name}
    Run Keyword And Ignore Error    Delete Repository    ${name}
    Run Keyword And Ignore Error    Delete Remote    ${name}
