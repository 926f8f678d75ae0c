*** Settings ***
Documentation       The seed's examples against the real hub: namespace, wait all, three
...                 uploads, wait all; and a DELETE answering 202 with a task followed to completed.
Resource            ../resources/hub.resource
Test Tags           api    seed    prefix


*** Test Cases ***
Create Namespace, Upload Three Collections, Wait For All Tasks
    ${ns} =    Fresh Name    seed
    VAR    ${SEED_NS}    ${ns}    scope=SUITE
    Create Namespace    ${ns}    wait=False
    Wait For All Tasks
    Namespace Should Exist    ${ns}
    Upload Collection    ${ns}    collection1    wait=False
    Upload Collection    ${ns}    collection2    wait=False
    Upload Collection    ${ns}    collection3    wait=False
    ${waited} =    Wait For All Tasks
    Should Not Be Empty    ${waited}
    FOR    ${name}    IN    collection1    collection2    collection3
        Collection Should Exist    ${ns}    ${name}    1.0.0    repository=staging
    END

Delete Of A Collection Answers 202 With A Task Followed To Completed
    Approve Collection    ${SEED_NS}    collection1
    Collection Should Exist    ${SEED_NS}    collection1    1.0.0    repository=published
    ${task} =    Delete Collection    ${SEED_NS}    collection1    wait=False
    Should Match Regexp    ${task}    /pulp/api/v3/tasks/[0-9a-f-]{36}/$
    ${done} =    Wait For Task    ${task}
    Should Be Equal    ${done}[state]    completed
    Should Be Equal    ${done}[name]    pulp_ansible.app.tasks.deletion.delete_collection
    Collection Should Not Exist    ${SEED_NS}    collection1
    Collection Should Not Exist    ${SEED_NS}    collection1    repository=staging

Waited Upload Is Visible At Once
    [Documentation]    "Waited" means "visible": the import's follow-up add_and_remove task is waited for too.
    ${task} =    Upload Collection    ${SEED_NS}    visible    2.1.0
    Collection Should Exist    ${SEED_NS}    visible    2.1.0    repository=staging
    Get Task State    ${task}    ==    completed
    ${import} =    Get Task    ${task}
    Should Not Be Empty    ${import}[child_tasks]

Scope Mine Waits For This Suite's Tasks
    ${a} =    Upload Collection    ${SEED_NS}    mine_a    wait=False
    ${b} =    Upload Collection    ${SEED_NS}    mine_b    wait=False
    Wait For All Tasks    scope=mine
    Task Should Be Completed    ${a}
    Task Should Be Completed    ${b}
    Collection Should Exist    ${SEED_NS}    mine_b    repository=staging
