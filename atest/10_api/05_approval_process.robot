*** Settings ***
Documentation       Port of the API side of the hub UI's approval process spec: approve with
...                 "Sign and approve" (published and signed), reject another collection (in
...                 rejected, not in published). No sleeps, no Wait For All Tasks: each
...                 keyword's own wait is enough for the next assertion.
Resource            ../resources/hub.resource
Test Tags           api    approval    signing    prefix


*** Test Cases ***
Sign And Approve Publishes A Signed Collection
    ${fresh} =    Fresh Namespace
    VAR    ${NS}    ${fresh}    scope=SUITE
    Upload Collection    ${NS}    appr_signed    1.0.0
    Approve Collection    ${NS}    appr_signed    1.0.0    sign=True
    Collection Should Exist    ${NS}    appr_signed    1.0.0    repository=published
    Collection Should Not Exist    ${NS}    appr_signed    1.0.0    repository=staging
    Collection Should Be Signed    ${NS}    appr_signed    1.0.0    repository=published
    ${signatures} =    Get Collection Signatures    ${NS}    appr_signed    1.0.0
    Should Not Be Empty    ${signatures}
    Should Start With    ${signatures}[0][signature]    -----BEGIN PGP SIGNATURE-----

Rejected Collection Is In Rejected And Not In Published
    Upload Collection    ${NS}    appr_rejected    1.0.0
    Reject Collection    ${NS}    appr_rejected    1.0.0
    Collection Should Exist    ${NS}    appr_rejected    1.0.0    repository=rejected
    Collection Should Not Exist    ${NS}    appr_rejected    1.0.0    repository=published
    Collection Should Not Exist    ${NS}    appr_rejected    1.0.0    repository=staging

Sign On Demand In Staging
    Upload Collection    ${NS}    appr_ondemand    1.0.0
    Run Keyword And Expect Error    Collection ${NS}.appr_ondemand 1.0.0 in repository 'staging' has no signature.
    ...    Collection Should Be Signed    ${NS}    appr_ondemand    1.0.0    repository=staging
    Sign Collection    ${NS}    appr_ondemand    1.0.0
    Collection Should Be Signed    ${NS}    appr_ondemand    1.0.0    repository=staging
    Reject Collection    ${NS}    appr_ondemand
    Collection Should Be Signed    ${NS}    appr_ondemand    1.0.0    repository=rejected
    [Teardown]    Delete Namespace    ${NS}    cascade=True
