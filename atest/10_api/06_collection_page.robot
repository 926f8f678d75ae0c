*** Settings ***
Documentation       Port of the API side of the hub UI's collection page spec: delete a version,
...                 then a whole collection; copy a version to validated; a repository with
...                 pipeline=approved and its distribution; copy into it, remove the version
...                 from it. No sleeps, no Wait For All Tasks.
Resource            ../resources/hub.resource
Suite Setup         Upload Two Versions
Suite Teardown      Delete Created Resources
Test Tags           api    collections    repository    prefix


*** Test Cases ***
Delete One Version, Then The Whole Collection
    Delete Collection    ${NS}    page_multi    1.0.0    repository=staging
    Collection Should Not Exist    ${NS}    page_multi    1.0.0    repository=staging
    Collection Should Exist    ${NS}    page_multi    1.1.0    repository=staging
    Delete Collection    ${NS}    page_multi    repository=staging
    Collection Should Not Exist    ${NS}    page_multi    repository=staging

Copy A Version To Validated
    Approve Collection    ${NS}    page_copy    1.0.0
    Copy Collection    ${NS}    page_copy    1.0.0    published    validated
    Collection Should Exist    ${NS}    page_copy    1.0.0    repository=validated
    Collection Should Exist    ${NS}    page_copy    1.0.0    repository=published

Copy Into An Approved Repository And Remove The Version From It
    ${repo} =    Fresh Name    repo2
    Create Repository    ${repo}    pipeline=approved
    Create Distribution    ${repo}
    Copy Collection    ${NS}    page_copy    1.0.0    published    ${repo}
    Collection Should Exist    ${NS}    page_copy    1.0.0    repository=${repo}
    Remove Collection From Repository    ${NS}    page_copy    1.0.0    repository=${repo}
    Collection Should Not Exist    ${NS}    page_copy    1.0.0    repository=${repo}
    Collection Should Exist    ${NS}    page_copy    1.0.0    repository=published


*** Keywords ***
Upload Two Versions
    [Documentation]    A fresh namespace with two versions of one collection and one of another.
    ${fresh} =    Fresh Namespace
    VAR    ${NS}    ${fresh}    scope=SUITE
    Upload Collection    ${NS}    page_multi    1.0.0
    Upload Collection    ${NS}    page_multi    1.1.0
    Upload Collection    ${NS}    page_copy    1.0.0
