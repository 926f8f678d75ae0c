*** Settings ***
Documentation       Delete Namespace cascade=True on a namespace with three collections, one
...                 depending on another: dependants go first, every task is waited for, and
...                 the namespace and its collections are gone at once.
Resource            ../resources/hub.resource
Test Tags           api    namespace    cascade    prefix


*** Test Cases ***
Cascade Deletes Three Collections, Dependant First, Then The Namespace
    ${ns} =    Fresh Namespace
    VAR    &{needs_base}    ${ns}.casc_base=>=1.0.0
    Upload Collection    ${ns}    casc_base    1.0.0
    ${app} =    Build Collection    ${ns}    casc_app    1.0.0    dependencies=${needs_base}
    Upload Collection    ${ns}    casc_app    1.0.0    path=${app}
    Upload Collection    ${ns}    casc_other    1.0.0
    Approve Collection    ${ns}    casc_base    1.0.0
    Delete Namespace    ${ns}    cascade=True
    Namespace Should Not Exist    ${ns}
    FOR    ${name}    IN    casc_base    casc_app    casc_other
        Collection Should Not Exist    ${ns}    ${name}    repository=staging
        Collection Should Not Exist    ${ns}    ${name}    repository=published
    END
    ${left} =    Get Created Resources
    Should Not Contain    ${left}    namespace ${ns}
