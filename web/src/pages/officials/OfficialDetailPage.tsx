// One official: profile (ID number masked, audited reveal), post history and family members, with edit forms.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { officialsApi, type FamilyMember, type Post } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { KeyPostTag, PrincipalTag } from '../../components/tags';
import { AddFamilyModal, AddPostModal, EditPostModal, OfficialProfileModal } from './OfficialForms';

export default function OfficialDetailPage() {
  const { id = '' } = useParams();
  const { t, tk, lang } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const showError = useApiError();
  const { message } = App.useApp();
  const off = useAsync(() => officialsApi.get(id), [id]);
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  const [postOpen, setPostOpen] = useState(false);
  const [familyOpen, setFamilyOpen] = useState(false);
  const [editPost, setEditPost] = useState<{ post: Post; ending: boolean } | null>(null);
  const write = can('officials.write');

  if (off.loading && !off.data) return <Loading />;
  if (off.error) return <ErrorState error={off.error} onRetry={off.reload} />;
  const o = off.data;
  if (!o) return null;

  const reveal = async () => {
    setRevealing(true);
    try {
      const r = await officialsApi.idNumber(o.id);
      setIdNumber(r.idNumber);
    } catch (e) {
      showError(e);
    } finally {
      setRevealing(false);
    }
  };

  const age = o.birthDate ? dayjs().diff(dayjs(o.birthDate), 'year') : null;
  const posts = [...o.posts].sort((a, b) => (a.endDate === null) === (b.endDate === null) ? b.startDate.localeCompare(a.startDate) : a.endDate === null ? -1 : 1);

  const postColumns: TableProps<Post>['columns'] = [
    { title: t('official.postOrg'), dataIndex: 'orgName', width: 180, ellipsis: true, render: (v: string, p) => <Link to={`/orgs?id=${encodeURIComponent(p.orgId)}`}>{v}</Link> },
    {
      title: t('official.title'),
      dataIndex: 'title',
      render: (v: string, p) => (
        <Space size={4} wrap>
          <span>{v}</span>
          {p.isPrincipal && <PrincipalTag />}
          {p.isTeamMember && !p.isPrincipal && <Tag>{t('org.member')}</Tag>}
        </Space>
      ),
    },
    { title: t('official.rank'), dataIndex: 'rank', width: 90, render: (v: string | null) => v || '—' },
    { title: t('official.division'), dataIndex: 'division', ellipsis: { showTitle: true }, render: (v: string | null) => v || '—' },
    {
      title: t('official.period'),
      key: 'period',
      width: 200,
      render: (_, p) => (
        <span>
          {p.startDate} — {p.endDate ?? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('official.current')}</Tag>}
        </span>
      ),
    },
    {
      title: t('official.tenure'),
      dataIndex: 'tenureYears',
      width: 150,
      align: 'right',
      render: (v: number, p) => (
        <Space size={4} style={{ whiteSpace: 'nowrap' }}>
          {p.isKeyPost && <KeyPostTag />}
          <span>{t('org.years', { n: v.toFixed(1) })}</span>
        </Space>
      ),
    },
    ...(write
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 160,
            render: (_: unknown, p: Post) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditPost({ post: p, ending: false })}>
                  {t('common.edit')}
                </Button>
                {!p.endDate && (
                  <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setEditPost({ post: p, ending: true })}>
                    {t('official.endPost')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const familyColumns: TableProps<FamilyMember>['columns'] = [
    { title: t('official.relation'), dataIndex: 'relation', width: 120, render: (v: string) => tk('relation', v) },
    { title: t('official.familyName'), dataIndex: 'name', width: 140 },
    { title: t('official.idNumber'), dataIndex: 'idNumberMasked', width: 200, render: (v: string | null) => <Typography.Text code>{v || '—'}</Typography.Text> },
    { title: t('official.employer'), dataIndex: 'employer', render: (v: string | null) => v || '—' },
    { title: t('official.position'), dataIndex: 'position', render: (v: string | null) => v || '—' },
    ...(write
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, f: FamilyMember) => (
              <Popconfirm
                title={t('official.removeFamily')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={async () => {
                  try {
                    await officialsApi.removeFamily(o.id, f.id);
                    void message.success(t('common.done'));
                    off.reload();
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                  {t('common.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="official-name">
              {o.name}
            </Typography.Title>
            {o.posts.some((p) => p.isPrincipal && !p.endDate) && <PrincipalTag />}
            <Typography.Text type="secondary">
              {o.orgName} · {o.currentTitle ?? '—'}
            </Typography.Text>
          </Space>
        }
        extra={
          write ? (
            <Button icon={<EditOutlined />} onClick={() => setProfileOpen(true)}>
              {t('official.editProfile')}
            </Button>
          ) : null
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered title={t('official.profile')}>
          <Descriptions.Item label={t('official.name')}>{o.name}</Descriptions.Item>
          <Descriptions.Item label={t('official.gender')}>{t(o.gender === 'F' ? 'gender.F' : 'gender.M')}</Descriptions.Item>
          <Descriptions.Item label={t('official.birthDate')}>
            {o.birthDate ? `${o.birthDate}${age !== null ? (lang === 'zh' ? `（${age} 岁）` : ` (${age})`) : ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('official.ethnicity')}>{o.ethnicity || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('official.education')}>{o.education || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('official.partyMember')}>{o.partyMember == null ? '—' : o.partyMember ? t('common.yes') : t('common.no')}</Descriptions.Item>
          <Descriptions.Item label={t('official.org')}>
            <Link to={`/orgs?id=${encodeURIComponent(o.orgId)}`}>{o.orgName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('official.currentTitle')}>{o.currentTitle || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('official.idNumber')}>
            <Space wrap>
              <Typography.Text code data-testid="id-number">
                {idNumber ?? o.idNumberMasked ?? '—'}
              </Typography.Text>
              {can('officials.sensitive') && o.idNumberMasked && !idNumber && (
                <Tooltip title={t('official.revealAudited')}>
                  <Button size="small" icon={<EyeOutlined />} loading={revealing} onClick={reveal} data-testid="reveal-id">
                    {t('official.reveal')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {can('officials.sensitive') && o.idNumberMasked && (
          <Alert type={idNumber ? 'warning' : 'info'} showIcon title={t('official.revealAudited')} style={{ marginTop: 12 }} banner />
        )}
      </Card>

      <Card
        variant="borderless"
        title={t('official.posts')}
        extra={
          write ? (
            <Button icon={<PlusOutlined />} onClick={() => setPostOpen(true)}>
              {t('official.addPost')}
            </Button>
          ) : null
        }
      >
        <Table<Post>
          rowKey="id"
          size="middle"
          columns={postColumns}
          dataSource={posts}
          pagination={false}
          locale={{ emptyText: t('official.noPosts') }}
          onRow={(p) => (!p.endDate ? { style: { background: '#f6ffed' } } : {})}
          scroll={{ x: 1000 }}
          data-testid="posts-table"
        />
      </Card>

      <Card
        variant="borderless"
        title={t('official.family')}
        extra={
          write ? (
            <Button icon={<PlusOutlined />} onClick={() => setFamilyOpen(true)}>
              {t('official.addFamily')}
            </Button>
          ) : null
        }
      >
        <Table<FamilyMember>
          rowKey="id"
          size="middle"
          columns={familyColumns}
          dataSource={o.family}
          pagination={false}
          locale={{ emptyText: t('official.noFamily') }}
          scroll={{ x: 700 }}
          data-testid="family-table"
        />
      </Card>

      <OfficialProfileModal
        official={o}
        open={profileOpen}
        onClose={() => setProfileOpen(false)}
        onSaved={() => {
          setProfileOpen(false);
          setIdNumber(null);
          off.reload();
        }}
      />
      <AddPostModal
        officialId={o.id}
        open={postOpen}
        onClose={() => setPostOpen(false)}
        onSaved={() => {
          setPostOpen(false);
          off.reload();
        }}
      />
      <EditPostModal
        officialId={o.id}
        post={editPost?.post ?? null}
        ending={editPost?.ending ?? false}
        onClose={() => setEditPost(null)}
        onSaved={() => {
          setEditPost(null);
          off.reload();
        }}
      />
      <AddFamilyModal
        officialId={o.id}
        open={familyOpen}
        onClose={() => setFamilyOpen(false)}
        onSaved={() => {
          setFamilyOpen(false);
          off.reload();
        }}
      />
    </Space>
  );
}
