*** Settings ***
Documentation       Port of the API side of the hub UI's repository page spec: create with
...                 pipeline=approved, a remote and retain_repo_versions=5, read all three back,
...                 add a collection version by copy, the latest version number moves.
Resource            ../resources/hub.resource
Suite Teardown      Delete Created Resources
Test Tags           api    repository    prefix


*** Test Cases ***
Create An Approved Repository With A Remote And Read It Back
    ${name} =    Fresh Name    repo
    Create Remote    ${name}_remote    https://galaxy.ansible.com/api/
    Create Repository    ${name}    pipeline=approved    remote=${name}_remote
    ...    retain_repo_versions=5
    ${repo} =    Get Repository    ${name}
    Should Be Equal    ${repo}[pipeline]    approved
    Should Be Equal    ${repo}[pulp_labels][pipeline]    approved
    Should Be Equal    ${repo}[remote_name]    ${name}_remote
    Should Be Equal As Integers    ${repo}[retain_repo_versions]    5
    Should Be Equal As Integers    ${repo}[latest_version]    0
    VAR    ${REPO}    ${name}    scope=SUITE

Copying A Collection Version Moves The Latest Version Number
    Create Distribution    ${REPO}
    ${ns} =    Fresh Namespace
    Upload Collection    ${ns}    repo_page    1.0.0
    ${before} =    Get Repository Version    ${REPO}
    Copy Collection    ${ns}    repo_page    1.0.0    staging    ${REPO}
    ${after} =    Get Repository Version    ${REPO}
    Should Be True    ${after} > ${before}
    Collection Should Exist    ${ns}    repo_page    1.0.0    repository=${REPO}
