*** Settings ***
Documentation       Collection keywords: build, upload, approve, move, copy, deprecate, delete.
Resource            ../resources/hub.resource
Suite Setup         Set Suite Variable    ${NS}    ${{None}}
Test Tags           api    collections


*** Test Cases ***
Built Artifact Is Accepted By The Importer
    ${fresh} =    Fresh Namespace
    VAR    ${NS}    ${fresh}    scope=SUITE
    ${path} =    Build Collection    ${NS}    built    3.2.1
    Should End With    ${path}    ${NS}-built-3.2.1.tar.gz
    ${task} =    Upload Collection    ${NS}    built    3.2.1    path=${path}
    ${done} =    Get Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Collection Should Exist    ${NS}    built    3.2.1    repository=staging

Approve, Move And Copy Between Repositories
    Upload Collection    ${NS}    mover    1.0.0
    Approve Collection    ${NS}    mover    1.0.0
    Collection Should Exist    ${NS}    mover    1.0.0    repository=published
    Collection Should Not Exist    ${NS}    mover    1.0.0    repository=staging
    Copy Collection    ${NS}    mover    1.0.0    published    community
    Collection Should Exist    ${NS}    mover    1.0.0    repository=community
    Upload Collection    ${NS}    reject    1.0.0
    Move Collection    ${NS}    reject    1.0.0    staging    rejected
    Collection Should Exist    ${NS}    reject    1.0.0    repository=rejected

Deprecate And Undeprecate
    Upload Collection    ${NS}    old    1.0.0
    Approve Collection    ${NS}    old    1.0.0
    ${task} =    Deprecate Collection    ${NS}    old
    Task Should Be Completed    ${task}
    Deprecate Collection    ${NS}    old    deprecated=False

Delete One Version, Then The Collection, Then The Namespace
    Upload Collection    ${NS}    multi    1.0.0
    Upload Collection    ${NS}    multi    1.1.0
    Approve Collection    ${NS}    multi    1.0.0
    Approve Collection    ${NS}    multi    1.1.0
    Delete Collection    ${NS}    multi    1.0.0
    Collection Should Not Exist    ${NS}    multi    1.0.0
    Collection Should Exist    ${NS}    multi    1.1.0
    Delete Collection    ${NS}    multi
    Delete Collection    ${NS}    built    repository=staging
    Delete Collection    ${NS}    reject    repository=rejected
    Delete Collection    ${NS}    mover
    Delete Collection    ${NS}    old
    Delete Namespace    ${NS}
    Namespace Should Not Exist    ${NS}
